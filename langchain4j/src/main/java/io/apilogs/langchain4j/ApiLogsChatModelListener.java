package io.apilogs.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.Conversation;
import io.apilogs.client.LlmCall;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs every chat call of a LangChain4j model as an {@code llm_call}: model, system prompt, messages, response, tool
 * calls, token usage, finish reason, duration, rate-limit headers and errors. Add it to any model's listeners:
 * <pre>{@code OpenAiChatModel.builder()...listeners(List.of(ApiLogsChatModelListener.of(client, "support-bot"))).build()}</pre>
 * A call lands in the conversation given by the caller's context, the first found of:
 * <ol>
 *   <li>the listener attribute {@link #CONVERSATION} of that call (a {@link Conversation} or a conversation id);</li>
 *   <li>the conversation open on the calling thread ({@link Conversation#open()});</li>
 *   <li>the listener's own conversation ids ({@link Builder#conversationIds}); by default each call is a
 *       conversation of its own.</li>
 * </ol>
 * Logging only buffers the event in the client, so it does not block the model (unless the client was built with
 * {@code Overflow.BLOCK} and its buffer is full). Nothing it does fails a model call: a failure to log is reported
 * once through {@code java.util.logging} and the call goes on. Needs langchain4j-core 1.13 or later.
 */
public final class ApiLogsChatModelListener implements ChatModelListener {
    /** Listener attribute naming the conversation of one call: a {@link Conversation}, or a conversation id. */
    public static final String CONVERSATION = "apilogs.conversation";
    /** Listener attribute: the end user of one call, by id (a String). A conversation's own user applies otherwise. */
    public static final String USER = "apilogs.user";
    /** Listener attribute: the end user's display name, with {@link #USER}. */
    public static final String USER_NAME = "apilogs.user.name";
    /** Listener attribute: tags of one call (a Collection of Strings), added to its conversation's. */
    public static final String TAGS = "apilogs.tags";
    /** Listener attribute: metadata of one call (a Map of String to String, Number or Boolean); its keys win over the conversation's. */
    public static final String METADATA = "apilogs.metadata";
    private static final String STARTED = ApiLogsChatModelListener.class.getName() + ".started";
    /** Set by whichever of onResponse and onError logs the call first: LangChain4j may call both for one call. */
    private static final String LOGGED = ApiLogsChatModelListener.class.getName() + ".logged";
    private static final Logger LOG = Logger.getLogger(ApiLogsChatModelListener.class.getName());
    private final AtomicBoolean warned = new AtomicBoolean();

    private final ApiLogsClient client;
    private final String assistantId;
    private final Supplier<String> conversationIds;

    private ApiLogsChatModelListener(Builder builder) {
        this.client = builder.client;
        this.assistantId = builder.assistantId;
        this.conversationIds = builder.conversationIds;
    }

    /** Logs calls through {@code client} as those of {@code assistantId}. */
    public static ApiLogsChatModelListener of(ApiLogsClient client, String assistantId) {
        return builder(client, assistantId).build();
    }

    public static Builder builder(ApiLogsClient client, String assistantId) {
        return new Builder(client, assistantId);
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        // Called on the caller's thread: the thread's conversation is read here, not where the response arrives.
        guarded(() -> context.attributes().put(STARTED, new Started(Instant.now(), System.nanoTime(), conversation(context.attributes()))));
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        guarded(() -> {
            if (context.attributes().putIfAbsent(LOGGED, Boolean.TRUE) != null) {
                return;
            }
            Started started = started(context.attributes());
            LlmCall call = started.call(ChatCalls.model(context.chatRequest(), context.chatResponse()));
            ChatCalls.request(call, context.chatRequest());
            ChatCalls.response(call, context.chatResponse(), context.modelProvider());
            label(call, context.attributes());
            started.conversation.log(call);
        });
    }

    /** A failed call; not logged again when its response was (LangChain4j reports a failing response handler too). */
    @Override
    public void onError(ChatModelErrorContext context) {
        guarded(() -> {
            if (context.attributes().putIfAbsent(LOGGED, Boolean.TRUE) != null) {
                return;
            }
            Started started = started(context.attributes());
            LlmCall call = started.call(ChatCalls.model(context.chatRequest(), null));
            ChatCalls.request(call, context.chatRequest());
            ChatCalls.error(call, context.error(), context.modelProvider());
            label(call, context.attributes());
            started.conversation.log(call);
        });
    }

    /**
     * Logging never fails the model call. LangChain4j catches a listener's exceptions but not its errors: an older
     * langchain4j-core than this module was built with would throw NoSuchMethodError into the caller.
     */
    private void guarded(Runnable logging) {
        try {
            logging.run();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            if (warned.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "API Logs could not log a LangChain4j chat call (further failures are not reported)", e);
            }
        }
    }

    /** The call's own user, tags and metadata, from its listener attributes; values of other types are ignored. */
    private static void label(LlmCall call, Map<Object, Object> attributes) {
        if (attributes.get(USER) instanceof String userId && !userId.isEmpty()) {
            call.user(userId, attributes.get(USER_NAME) instanceof String name ? name : null);
        }
        if (attributes.get(TAGS) instanceof java.util.Collection<?> tags) {
            call.tags(tags.stream().filter(String.class::isInstance).map(String.class::cast).toArray(String[]::new));
        }
        if (attributes.get(METADATA) instanceof Map<?, ?> metadata) {
            metadata.forEach((key, value) -> {
                if (key instanceof String name && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    call.metadata(name, value);
                }
            });
        }
    }

    private Conversation conversation(Map<Object, Object> attributes) {
        Object given = attributes.get(CONVERSATION);
        if (given instanceof Conversation conversation) {
            return conversation;
        }
        if (given instanceof String id) {
            return client.conversation(id, assistantId);
        }
        Conversation current = Conversation.current();
        return current != null ? current : client.conversation(conversationIds.get(), assistantId);
    }

    /** What onRequest saw; a call that failed before onRequest (or whose attributes were lost) starts now. */
    private Started started(Map<Object, Object> attributes) {
        Object started = attributes.get(STARTED);
        return started instanceof Started s ? s : new Started(Instant.now(), System.nanoTime(), conversation(attributes));
    }

    private record Started(Instant at, long nanos, Conversation conversation) {
        LlmCall call(String model) {
            return conversation.call(model).startedAt(at, Math.max(0, (System.nanoTime() - nanos) / 1_000_000));
        }
    }

    public static final class Builder {
        private final ApiLogsClient client;
        private final String assistantId;
        private Supplier<String> conversationIds = () -> "lc4j-" + UUID.randomUUID();

        private Builder(ApiLogsClient client, String assistantId) {
            this.client = Objects.requireNonNull(client, "client");
            this.assistantId = Objects.requireNonNull(assistantId, "assistantId");
        }

        /** The conversation id of a call made with no conversation in its context; by default a new one per call. */
        public Builder conversationIds(Supplier<String> ids) {
            this.conversationIds = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public ApiLogsChatModelListener build() {
            return new ApiLogsChatModelListener(this);
        }
    }
}
