package io.apilogs.bench;

import io.apilogs.model.search.SearchGrams;
import io.apilogs.model.search.SearchTexts;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Issue 26's search corpus, by COPY: calls over 90 days, each with a request message and a response of plain words
 * (a 2,000-word vocabulary drawn by a Zipf law, as prose is), 5% of them in Chinese, Japanese, Arabic or with emoji,
 * and phrases planted at counts known in advance, so every search result can be checked. Each bodies row has the
 * search keys the writer would give it ({@link SearchGrams}, {@link SearchTexts}, the same functions).
 */
final class SearchSeed {
    static final String RARE = "zebra quantum refund";
    static final String COMMON = "Doing step";
    static final String CJK = "退款";
    static final String NONE = "xylophone moonbeam 7731";
    /** In one system prompt of {@link #PROMPTS}, which one call in {@link #SYSTEM_ONE_IN} uses. */
    static final String SYSTEM = "Parcel Pal courier";
    static final int PROMPTS = 50;
    static final int SYSTEM_ONE_IN = 200;
    /** Calls with the rare phrase: {@link #RARE_RECENT} in the last 30 days, the rest older. */
    static final int RARE_RECENT = 40;
    static final int RARE_OLDER = 20;
    static final int DAYS = 90;
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** What was planted: totals, and within the last 30 days. */
    record Planted(long calls, long conversations, long textBytes, long common, long commonRecent, long cjk, long cjkRecent, long rare,
                   long rareRecent, long system, long systemRecent) {
    }

    private final Seeder.Db db;
    private final String[] words = new String[2_000];
    private final double[] zipf = new double[words.length];

    SearchSeed(Seeder.Db db) {
        this.db = db;
        SplittableRandom random = new SplittableRandom(11);
        double total = 0;
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int length = 2 + random.nextInt(8);
            for (int j = 0; j < length; j++) {
                w.append("etaoinshrdlcumwfgypbvkjxqz".charAt((int) Math.min(25, Math.abs(random.nextGaussian() * 8))));
            }
            words[i] = w.toString();
            total += 1.0 / (i + 1);
            zipf[i] = total;
        }
        for (int i = 0; i < zipf.length; i++) {
            zipf[i] /= total;
        }
    }

    private String word(SplittableRandom random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = zipf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return words[lo];
    }

    private String prose(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length + 16);
        while (out.length() < length) {
            out.append(word(random)).append(random.nextInt(14) == 0 ? ". " : " ");
        }
        return out.toString();
    }

    /** Chinese or Japanese (no spaces), Arabic, or English with emoji. */
    private static String other(SplittableRandom random, int length, boolean refund) {
        StringBuilder out = new StringBuilder(length + 8);
        int kind = random.nextInt(4);
        while (out.length() < length) {
            switch (kind) {
                case 0 -> out.appendCodePoint(0x4E00 + (int) Math.min(20_000, Math.abs(random.nextGaussian() * 1_500)));
                case 1 -> out.appendCodePoint(random.nextInt(3) == 0 ? 0x4E00 + random.nextInt(2_000) : 0x3041 + random.nextInt(86));
                case 2 -> out.appendCodePoint(random.nextInt(8) == 0 ? ' ' : 0x0621 + random.nextInt(42));
                default -> out.append(random.nextInt(5) == 0 ? new String(Character.toChars(0x1F600 + random.nextInt(80))) : "ok ");
            }
            if (random.nextInt(20) == 0) {
                out.append(kind == 2 ? "، " : "，");
            }
        }
        if (refund) {
            out.insert(out.length() / 2, CJK);
        }
        return out.toString();
    }

    Planted seed(String workspaceId, int calls, Instant newest, int seed) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        long oldest = newest.toEpochMilli() - DAYS * 86_400_000L;
        // "The last 30 days" as the reads ask for them: from the start of the day 29 days before the newest one (UTC).
        long recent = newest.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(29).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int conversations = Math.max(1, calls / 10);
        // The rare phrase's calls, chosen up front: the first RARE_RECENT land in the last 30 days, the rest before.
        java.util.Set<Integer> rare = new java.util.HashSet<>();
        while (rare.size() < RARE_RECENT + RARE_OLDER) {
            rare.add(random.nextInt(calls));
        }
        java.util.List<Integer> rareOrder = new java.util.ArrayList<>(rare);
        java.util.Map<Integer, Boolean> rareRecent = new java.util.HashMap<>();
        for (int i = 0; i < rareOrder.size(); i++) {
            rareRecent.put(rareOrder.get(i), i < RARE_RECENT);
        }
        long textBytes = 0;
        long common = 0;
        long commonRecent = 0;
        long cjk = 0;
        long cjkRecent = 0;
        long rareCount = 0;
        long rareRecentCount = 0;
        long system = 0;
        long systemRecent = 0;
        // The system prompts, stored once each as the writer stores them (text, keys); prompt 0 carries the planted phrase.
        String[] shas = new String[PROMPTS];
        try (CopyStream rows = new CopyStream(db, "copy prompts (workspace_id, sha256, text, search_keys) from stdin")) {
            for (int p = 0; p < PROMPTS; p++) {
                String text = "You are assistant " + p + ". " + prose(random, 2_048 + random.nextInt(6_144));
                if (p == 0) {
                    text = text.substring(0, 1_000) + " " + SYSTEM + " " + text.substring(1_000);
                }
                shas[p] = io.apilogs.model.Hashing.sha256Hex(text);
                StringBuilder r = rows.row().append(workspaceId).append('\t').append(shas[p]).append('\t').append(text).append("\t{");
                int[] k = SearchGrams.of(text);
                for (int j = 0; j < k.length; j++) {
                    r.append(j > 0 ? "," : "").append(k[j]);
                }
                r.append('}');
                rows.endRow();
            }
        }
        int call = 0;
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            for (long month = oldest - 31 * 86_400_000L; month < newest.toEpochMilli() + 62 * 86_400_000L; month += 28 * 86_400_000L) {
                s.execute("select apilogs_ensure_month('" + Instant.ofEpochMilli(month) + "'::timestamptz)");
            }
            // Built after the COPY, in one pass, as an upgrade to V19 builds it (its time is printed).
            s.execute("drop index if exists llm_call_bodies_search");
        }
        try (CopyStream conv = new CopyStream(db, "copy conversations (workspace_id, conversation_id, subject, subject_at, subject_event_id,"
                + " assistant_id, assistant_at, assistant_event_id, call_count, first_at, last_at, models, last_seq) from stdin");
             CopyStream hot = new CopyStream(db, "copy llm_calls (workspace_id, call_id, event_id, conversation_id, seq, assistant_id, provider,"
                     + " model, started_at, duration_ms, input_tokens, output_tokens, price_source, stop_reason, prompt_sha256) from stdin");
             CopyStream body = new CopyStream(db, "copy llm_call_bodies (workspace_id, call_id, started_at, messages, response_text, search_keys)"
                     + " from stdin")) {
            for (int i = 0; i < conversations && call < calls; i++) {
                String conversationId = String.format("sconv-%07d", i);
                int n = Math.min(calls - call, i == conversations - 1 ? calls - call : 1 + random.nextInt(19));
                long t = oldest + (long) (random.nextDouble() * (newest.toEpochMilli() - oldest - 3_600_000L));
                long first = t;
                for (int k = 1; k <= n; k++, call++) {
                    String callId = conversationId + "-" + k;
                    Boolean plantRare = rareRecent.get(call);
                    if (plantRare != null) {
                        // Place it in its period whatever the conversation's own time.
                        t = plantRare ? recent + 3_600_000L + (long) (random.nextDouble() * (newest.toEpochMilli() - recent - 7_200_000L))
                                : oldest + (long) (random.nextDouble() * (recent - oldest - 3_600_000L));
                    }
                    boolean isRecent = t >= recent;
                    boolean otherScript = random.nextInt(20) == 0;
                    boolean refund = otherScript && random.nextInt(5) == 0;
                    String question = otherScript ? other(random, 200 + random.nextInt(1_500), refund) : prose(random, 300 + random.nextInt(2_500));
                    if (plantRare != null) {
                        question = question.substring(0, question.length() / 2) + " " + RARE + " " + question.substring(question.length() / 2);
                    }
                    boolean step = random.nextInt(20) == 0;
                    String answer = (step ? COMMON + " " + (1 + random.nextInt(9)) + " of 9: " : "") + prose(random, 100 + random.nextInt(800));
                    String messages = "[{\"role\":\"user\",\"content\":\"" + question + "\"}]";
                    byte[] json = messages.getBytes(StandardCharsets.UTF_8);
                    SearchGrams.Collector keys = new SearchGrams.Collector(1024);
                    SearchTexts.keys(json, 0, json.length, true, keys, null);
                    keys.add(answer);
                    textBytes += json.length + answer.getBytes(StandardCharsets.UTF_8).length;
                    common += step ? 1 : 0;
                    commonRecent += step && isRecent ? 1 : 0;
                    cjk += refund ? 1 : 0;
                    cjkRecent += refund && isRecent ? 1 : 0;
                    rareCount += plantRare != null ? 1 : 0;
                    rareRecentCount += plantRare != null && isRecent ? 1 : 0;
                    int prompt = random.nextInt(SYSTEM_ONE_IN) == 0 ? 0 : 1 + random.nextInt(PROMPTS - 1);
                    system += prompt == 0 ? 1 : 0;
                    systemRecent += prompt == 0 && isRecent ? 1 : 0;
                    String ts = TS.format(Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC));
                    hot.row().append(workspaceId).append('\t').append(callId).append('\t').append(callId).append('\t').append(conversationId)
                            .append('\t').append(k).append("\tsearch-bot\tanthropic\tclaude-haiku-4-5\t").append(ts).append("\t900\t800\t120\tdefault\t")
                            .append(k == n ? "end_turn" : "tool_use").append('\t').append(shas[prompt]);
                    hot.endRow();
                    StringBuilder b = body.row().append(workspaceId).append('\t').append(callId).append('\t').append(ts).append('\t')
                            .append(messages.replace("\\", "\\\\")).append('\t').append(answer).append("\t{");
                    int[] sorted = keys.keys();
                    for (int j = 0; j < sorted.length; j++) {
                        if (j > 0) {
                            b.append(',');
                        }
                        b.append(sorted[j]);
                    }
                    b.append('}');
                    body.endRow();
                    t += 1_000 + random.nextInt(20_000);
                }
                String firstTs = TS.format(Instant.ofEpochMilli(first).atOffset(ZoneOffset.UTC));
                conv.row().append(workspaceId).append('\t').append(conversationId).append("\tSearch subject ").append(i).append('\t').append(firstTs)
                        .append('\t').append(conversationId).append("-1\tsearch-bot\t").append(firstTs).append('\t').append(conversationId)
                        .append("-1\t").append(n).append('\t').append(firstTs).append('\t')
                        .append(TS.format(Instant.ofEpochMilli(Math.max(t, first)).atOffset(ZoneOffset.UTC))).append("\t{claude-haiku-4-5}\t").append(n);
                conv.endRow();
            }
        }
        return new Planted(call, conversations, textBytes, common, commonRecent, cjk, cjkRecent, rareCount, rareRecentCount, system,
                systemRecent);
    }
}
