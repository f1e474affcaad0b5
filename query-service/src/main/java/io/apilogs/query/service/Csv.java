package io.apilogs.query.service;

import java.util.List;

/**
 * One line of RFC 4180 CSV. A cell with a comma, quote or line break is quoted (quotes doubled). A text cell that a
 * spreadsheet would run as a formula ({@code = + - @}, tab or carriage return first) is prefixed with {@code '}:
 * subjects, messages and metadata come from end users and models (OWASP's CSV injection advice). Numbers are written
 * as they are.
 */
final class Csv {
    private Csv() {
    }

    static String line(List<?> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object cell = cells.get(i);
            if (cell != null) {
                line.append(cell instanceof Number ? cell.toString() : text(cell.toString()));
            }
        }
        return line.append("\r\n").toString();
    }

    static String text(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
