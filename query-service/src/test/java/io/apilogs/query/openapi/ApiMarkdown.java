package io.apilogs.query.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What API.md (docs/API.md, the contract) says of the query API: its routes, and the top-level fields of a shape. */
final class ApiMarkdown {
    private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|DELETE) (/v1/[^\\s`?]*)");

    final String text;

    private ApiMarkdown(String text) {
        this.text = text;
    }

    static ApiMarkdown read() {
        try {
            return new ApiMarkdown(Files.readString(Path.of("..", "docs", "API.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of sections 2 and 3 (query API and administration), where the query-service's routes are. */
    String querySections() {
        int start = text.indexOf("## 2. Query API");
        int end = text.indexOf("## 4.");
        return text.substring(start, end);
    }

    /** "GET /v1/conversations/{}" for every route the sections name (path parameters reduced to {}). */
    Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        Matcher m = ROUTE.matcher(querySections());
        while (m.find()) {
            routes.add(m.group(1) + " " + normalize(m.group(2)));
        }
        return routes;
    }

    static String normalize(String path) {
        return path.replaceAll("\\{[^}]*}", "{}").replaceAll("/$", "");
    }

    /** The backticked names that open each item of the list after {@code marker}, up to the next blank line. */
    Set<String> listNames(String marker) {
        int start = text.indexOf(marker);
        int end = text.indexOf("\n\n", start + marker.length() + 1);
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^- `([a-zA-Z]+)`(?:, `([a-zA-Z]+)`)?").matcher(text.substring(start, end));
        while (m.find()) {
            names.add(m.group(1));
            if (m.group(2) != null) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    /** The top-level field names of the first {...} shape after {@code marker}. */
    Set<String> shapeAfter(String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("API.md has no " + marker);
        }
        return topLevelFields(text.substring(text.indexOf('{', at + marker.length())));
    }

    /** Quoted names at depth 1 of a JSON-like shape such as {"a","b":{"c"},"d":[...]}. */
    static Set<String> topLevelFields(String shape) {
        Set<String> fields = new LinkedHashSet<>();
        int depth = 0;
        for (int i = 0; i < shape.length(); i++) {
            char c = shape.charAt(i);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    break;
                }
            } else if (c == '"') {
                int close = shape.indexOf('"', i + 1);
                if (depth == 1) {
                    String name = shape.substring(i + 1, close);
                    // "kind":"llm_call|tool_execution|http_request" names a value, not a field
                    boolean isValue = i > 0 && shape.charAt(i - 1) == ':';
                    if (!isValue) {
                        fields.add(name);
                    }
                }
                i = close;
            }
        }
        return fields;
    }
}
