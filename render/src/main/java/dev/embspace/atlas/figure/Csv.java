package dev.embspace.atlas.figure;

import java.util.List;

/**
 * A figure's data as CSV (RFC 4180: comma-separated, fields quoted when they hold a comma, quote or
 * line break; CRLF-free). Numbers are written at full precision, undefined ones as empty fields.
 */
final class Csv {

    private final StringBuilder text = new StringBuilder();
    private final int columns;

    Csv(String... header) {
        columns = header.length;
        append(List.of((Object[]) header));
    }

    Csv row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells under " + columns + " columns");
        }
        append(java.util.Arrays.asList(cells));
        return this;
    }

    private void append(List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) text.append(',');
            text.append(field(cells.get(i)));
        }
        text.append('\n');
    }

    private static String field(Object cell) {
        if (cell == null) return "";
        if (cell instanceof Double d) return Double.isFinite(d) ? d.toString() : "";
        if (cell instanceof Float f) return Float.isFinite(f) ? f.toString() : "";
        String s = cell.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
