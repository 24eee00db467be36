package dev.embspace.io.data;

import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CSV as RFC 4180 defines it: comma-separated fields, a field may be enclosed in double quotes and
 * then hold commas, line breaks and doubled quotes (""); records end at CRLF or LF. The first
 * record is the header and must name a {@code text} and a {@code label} column (case-insensitive);
 * other columns are ignored. Empty lines between records are skipped.
 */
final class CsvReader {

    private CsvReader() {
    }

    /** One parsed record and the line it starts on. */
    record Row(long line, List<String> fields) {
        boolean blank() {
            return fields.size() == 1 && fields.getFirst().isEmpty();
        }
    }

    static LabelledData read(Path file, String content) {
        List<Row> rows = parse(file, content);
        rows.removeIf(Row::blank);
        if (rows.isEmpty()) throw new BadInputException(file, "no examples (the file is empty; expected a CSV header with text and label)");
        Row header = rows.getFirst();
        int text = column(file, header, "text");
        int label = column(file, header, "label");
        int width = header.fields().size();
        List<LabelledExample> examples = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            if (row.fields().size() != width) {
                throw new BadInputException(file, "line " + row.line() + ": malformed record: " + row.fields().size()
                        + " fields where the header has " + width);
            }
            examples.add(ExampleChecks.example(file, row.line(), row.fields().get(text), row.fields().get(label)));
        }
        return new LabelledData(file, examples);
    }

    private static int column(Path file, Row header, String name) {
        List<String> names = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        int first = names.indexOf(name);
        if (first < 0) {
            throw new BadInputException(file, "line " + header.line() + ": the CSV header has no '" + name
                    + "' column (columns: " + String.join(", ", header.fields()) + ")");
        }
        if (names.lastIndexOf(name) != first) {
            throw new BadInputException(file, "line " + header.line() + ": the CSV header has two '" + name + "' columns");
        }
        return first;
    }

    /** Every record of {@code content}, a state machine over characters so quoted line breaks stay in their field. */
    static List<Row> parse(Path file, String content) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long line = 1;
        long recordLine = 1;
        long quoteLine = 0;
        boolean quoted = false;      // inside a quoted field
        boolean afterQuote = false;  // a quoted field just closed: only a separator may follow
        int n = content.length();
        for (int i = 0; i < n; i++) {
            char c = content.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && content.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                }
                case '\r', '\n' -> {
                    if (c == '\r') {
                        if (i + 1 < n && content.charAt(i + 1) == '\n') i++;
                        else throw new BadInputException(file, "line " + line + ": malformed record: a bare carriage return");
                    }
                    fields.add(field.toString());
                    field.setLength(0);
                    rows.add(new Row(recordLine, List.copyOf(fields)));
                    fields.clear();
                    afterQuote = false;
                    line++;
                    recordLine = line;
                }
                case '"' -> {
                    if (afterQuote || !field.isEmpty()) {
                        throw new BadInputException(file, "line " + line + ": malformed record: a quote inside a field "
                                + "(quote the whole field and double inner quotes: \"a \"\"b\"\" c\")");
                    }
                    quoted = true;
                    quoteLine = line;
                }
                default -> {
                    if (afterQuote) {
                        throw new BadInputException(file, "line " + line + ": malformed record: text after a closing quote");
                    }
                    field.append(c);
                }
            }
        }
        if (quoted) throw new BadInputException(file, "line " + quoteLine + ": malformed record: a quoted field is never closed");
        if (!fields.isEmpty() || !field.isEmpty() || afterQuote) {
            fields.add(field.toString());
            rows.add(new Row(recordLine, List.copyOf(fields)));
        }
        return rows;
    }
}
