package io.apilogs.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 26's test corpus: events in many scripts, posted as clients post them (content blocks, tool calls, errors,
 * labels, an HTTP request with a body), and each query with the calls it must find, newest first, no more and no less.
 */
final class SearchCorpus {
    static final String T0 = "2026-11-30T10:00:";

    /** A query and the calls it finds, newest first. */
    static final Map<String, List<String>> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("doing STEP", List.of("s-en-2", "s-en-1"));
        CALLS.put("退款", List.of("s-zh"));
        CALLS.put("返金", List.of("s-ja"));
        CALLS.put("환불", List.of("s-ko"));
        CALLS.put("استرداد", List.of("s-ar"));
        CALLS.put("CAFÉ", List.of("s-fr"));
        CALLS.put("🚚", List.of("s-emoji"));
        CALLS.put("return map.get(", List.of("s-code"));
        CALLS.put("zürich", List.of("s-en-1"));
        CALLS.put("too many requests", List.of("s-err"));
        CALLS.put("enterprise-gold", List.of("s-meta"));
        CALLS.put("zoë", List.of("s-fr"));
        CALLS.put("parcel PAL", List.of("s-en-1"));
        CALLS.put("\"order\" \"shipped\"", List.of("s-emoji"));
        CALLS.put("sk-proj-ABCDEFGHIJ", List.of());
        CALLS.put("nothing-matches-this", List.of());
    }

    private SearchCorpus() {
    }

    private static String call(String id, String conversation, String subject, int second, String model, String extra) {
        return """
                {"eventId":"%s","type":"llm_call","callId":"%s","conversation":{"id":"%s"%s},"assistant":{"id":"search-bot"},
                 "startedAt":"%s%02dZ","durationMs":800,"provider":"anthropic","model":"%s","usage":{"inputTokens":12,"outputTokens":4}%s}"""
                .formatted("e-" + id, id, conversation, subject == null ? "" : ",\"subject\":\"" + subject + "\"", T0, second, model, extra);
    }

    private static String says(String id, String conversation, String subject, int second, String text) {
        return call(id, conversation, subject, second, "claude-haiku-4-5", ",\"stopReason\":\"end_turn\",\"response\":{\"text\":\"" + text + "\"}");
    }

    static List<String> events() {
        List<String> events = new ArrayList<>();
        events.add(call("s-en-1", "search-en", "Order help", 0, "claude-haiku-4-5", """
                ,"systemPrompt":"You are Parcel Pal, a courier assistant.","messages":[{"role":"user","content":[{"type":"text","text":"Where is my parcel? My key is sk-proj-ABCDEFGHIJKLMNOP1234567890"}]}],
                 "stopReason":"tool_use","response":{"text":"Doing step 1 of 3","thinking":"Checking the tracking number",
                 "toolCalls":[{"id":"toolu_s1","name":"track_parcel","input":{"city":"Zürich"}}]}"""));
        events.add(call("s-en-2", "search-en", null, 1, "gpt-4o", ",\"stopReason\":\"stop\",\"response\":{\"text\":\"Doing step 2 of 3\"}"));
        events.add("""
                {"eventId":"s-tool-1","type":"tool_execution","conversation":{"id":"search-en"},"assistant":{"id":"search-bot"},
                 "startedAt":"%s02Z","durationMs":40,"toolCallId":"toolu_s1","callId":"s-en-1","toolName":"track_parcel",
                 "input":{"query":"refund policy"},"result":{"answer":"Refunds take 5 days"}}""".formatted(T0));
        events.add("""
                {"eventId":"s-http-1","type":"http_request","conversation":{"id":"search-en"},"assistant":{"id":"search-bot"},
                 "startedAt":"%s03Z","durationMs":30,"toolCallId":"toolu_s1","plugin":"shop","method":"GET",
                 "url":"https://api.shop.test/orders/98765","statusCode":200,"responseBody":{"status":"退款成功"}}""".formatted(T0));
        events.add(call("s-zh", "search-zh", "退款问题", 10, "claude-haiku-4-5", """
                ,"messages":[{"role":"user","content":"请帮我办理退款，订单号12345"}],"stopReason":"end_turn","response":{"text":"好的，马上处理"}"""));
        events.add(says("s-ja", "search-ja", "Japanese", 11, "返金の手続きをお願いします"));
        events.add(says("s-ko", "search-ko", "Korean", 12, "환불 요청을 처리해 주세요"));
        events.add(says("s-ar", "search-ar", "Arabic", 13, "أريد استرداد المبلغ"));
        events.add(says("s-fr", "search-fr", "Zoë's question", 14, "Le café était très chaud — Ça va?"));
        events.add(says("s-emoji", "search-emoji", "Emoji", 15, "Order shipped 🚚📦 today"));
        events.add(says("s-code", "search-code", "Code", 16, "if (x != null) { return map.get(\\\"key\\\"); }"));
        events.add(call("s-err", "search-err", "Busy", 17, "claude-haiku-4-5",
                ",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\",\"httpStatus\":429}"));
        events.add(call("s-meta", "search-meta", "Labels", 18, "claude-haiku-4-5", """
                ,"stopReason":"end_turn","response":{"text":"fine"},"user":{"id":"user-42"},"metadata":{"plan":"enterprise-gold"}"""));
        return events;
    }

    /** The whole batch, as POST /v1/events takes it. */
    static String batch() {
        return "{\"events\":[" + String.join(",", events()) + "]}";
    }
}
