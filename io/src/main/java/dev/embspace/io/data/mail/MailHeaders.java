package dev.embspace.io.data.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header block of a message or MIME part (RFC 5322 section 2.2): "Name: value" fields, a line
 * starting with white space continuing the previous field (unfolded here). Real mail, spam above
 * all, breaks the rules, so lines that are neither are skipped rather than fatal.
 */
record MailHeaders(List<Field> fields) {

    record Field(String name, String value) {
    }

    /**
     * Parses the headers at the start of {@code text} (bytes as ISO-8859-1 chars); returns them and
     * the offset where the body starts, just after the first empty line (or the end).
     *
     * @param message true for a whole message, whose first line may be an mbox separator
     */
    static Parsed parse(String text, boolean message) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int n = text.length();
        String name = null;
        StringBuilder value = new StringBuilder();
        boolean first = true;
        while (pos < n) {
            int end = text.indexOf('\n', pos);
            int next = end < 0 ? n : end + 1;
            String line = text.substring(pos, end < 0 ? n : end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            pos = next;
            if (line.isEmpty()) break;
            // an mbox separator ("From sender date") may precede the first header
            if (first && message && line.startsWith("From ")) {
                first = false;
                continue;
            }
            first = false;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (name != null) fields.add(new Field(name, value.toString()));
            name = null;
            if (colon > 0 && line.substring(0, colon).chars().noneMatch(c -> c <= ' ' || c > '~')) {
                name = line.substring(0, colon);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
        }
        if (name != null) fields.add(new Field(name, value.toString()));
        return new Parsed(new MailHeaders(fields), pos);
    }

    record Parsed(MailHeaders headers, int bodyStart) {
    }

    /** The first field called {@code name} (case-insensitive). */
    Optional<String> get(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f.name().toLowerCase(Locale.ROOT).equals(wanted)).map(Field::value).findFirst();
    }

    ContentType contentType() {
        return get("Content-Type").map(ContentType::parse).orElse(ContentType.DEFAULT);
    }

    /** The Content-Transfer-Encoding, lower case; "7bit" when absent. */
    String transferEncoding() {
        return get("Content-Transfer-Encoding").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("7bit");
    }

    /** True for a part the sender marked as an attachment (not shown inline). */
    boolean attachment() {
        return get("Content-Disposition").map(v -> v.strip().toLowerCase(Locale.ROOT).startsWith("attachment")).orElse(false);
    }
}
