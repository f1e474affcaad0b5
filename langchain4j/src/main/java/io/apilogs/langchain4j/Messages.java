package io.apilogs.langchain4j;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.apilogs.client.LlmCall;

import java.util.List;
import java.util.Locale;

/**
 * LangChain4j's request messages in API.md's {@code [{"role","content"}]}: plain text stays a string; anything else
 * is an array of typed parts (text, image, tool_call, tool_result). Image bytes are not sent, only their URL or type.
 */
final class Messages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Messages() {
    }

    static void add(LlmCall call, ChatMessage message) {
        if (message instanceof UserMessage user) {
            if (user.hasSingleText()) {
                call.message("user", user.singleText());
            } else {
                call.message("user", parts(user.contents()));
            }
        } else if (message instanceof AiMessage ai) {
            if (!ai.hasToolExecutionRequests()) {
                call.message("assistant", ai.text() == null ? "" : ai.text());
                return;
            }
            ArrayNode parts = JSON.arrayNode();
            if (ai.text() != null && !ai.text().isEmpty()) {
                parts.addObject().put("type", "text").put("text", ai.text());
            }
            for (ToolExecutionRequest tool : ai.toolExecutionRequests()) {
                ObjectNode part = parts.addObject().put("type", "tool_call").put("id", tool.id()).put("name", tool.name());
                part.set("arguments", ChatCalls.arguments(tool.arguments()));
            }
            call.message("assistant", parts);
        } else if (message instanceof ToolExecutionResultMessage result) {
            ArrayNode parts = JSON.arrayNode();
            ObjectNode part = parts.addObject().put("type", "tool_result").put("toolCallId", result.id()).put("toolName", result.toolName());
            part.put("text", result.text());
            if (Boolean.TRUE.equals(result.isError())) {
                part.put("isError", true);
            }
            call.message("tool", parts);
        } else {
            call.message(message.type().name().toLowerCase(Locale.ROOT), JSON.arrayNode());
        }
    }

    private static ArrayNode parts(List<Content> contents) {
        ArrayNode parts = JSON.arrayNode();
        for (Content content : contents) {
            if (content instanceof TextContent text) {
                parts.addObject().put("type", "text").put("text", text.text());
            } else if (content instanceof ImageContent image) {
                ObjectNode part = parts.addObject().put("type", "image");
                if (image.image().url() != null) {
                    part.put("url", image.image().url().toString());
                } else if (image.image().mimeType() != null) {
                    part.put("mimeType", image.image().mimeType());
                }
            } else {
                parts.addObject().put("type", content.type().name().toLowerCase(Locale.ROOT));
            }
        }
        return parts;
    }
}
