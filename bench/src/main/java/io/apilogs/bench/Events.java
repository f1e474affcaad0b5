package io.apilogs.bench;

import java.util.ArrayList;
import java.util.List;

/** Just enough JSON handling for the generated batches: split a batch into its events and read a top-level string field. */
final class Events {
    private Events() {
    }

    static List<String> split(String batch) {
        List<String> events = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        int from = batch.indexOf('[');
        for (int i = from + 1; i < batch.length(); i++) {
            char c = batch.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}') {
                if (--depth == 0) {
                    events.add(batch.substring(start, i + 1));
                }
            }
        }
        return events;
    }

    /** The first {@code "name":"value"} in the event (the generated events put their ids and times first). */
    static String field(String event, String name) {
        String key = "\"" + name + "\":\"";
        int at = event.indexOf(key);
        if (at < 0) {
            return "";
        }
        int from = at + key.length();
        return event.substring(from, event.indexOf('"', from));
    }
}
