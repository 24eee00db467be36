package dev.embspace.io.data.mail;

import dev.embspace.engine.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text a person reads in a raw e-mail (RFC 5322 with MIME, RFC 2045-2049): the decoded
 * Subject, then the body with headers stripped, multipart messages walked (of alternatives the
 * plain text, else the HTML reduced to text; of mixed parts every inline text part; forwarded
 * messages included), transfer encodings undone and each part's charset respected. Attachments
 * and non-text parts (images, applications) carry no readable text and are left out.
 *
 * <p>Structure is parsed on the bytes read as ISO-8859-1, one char per byte, so a part's bytes can
 * be recovered exactly and decoded by its own charset only once its transfer encoding is undone.
 */
public final class MailText {

    private static final int MAX_DEPTH = 16;
    private static final Pattern UNDECLARED_HTML = Pattern.compile("(?is)<\\s*(html|body|table|font|p|br|a\\s+href)\\b");

    private MailText() {
    }

    /** The readable text of the raw message {@code raw}: subject, blank line, body; white space tidied. */
    public static String of(byte[] raw) {
        return tidy(message(new String(raw, StandardCharsets.ISO_8859_1), 0));
    }

    private static String message(String s, int depth) {
        MailHeaders.Parsed parsed = MailHeaders.parse(s, depth == 0);
        String subject = parsed.headers().get("Subject").map(EncodedWords::decode).orElse("").strip();
        String body = part(parsed.headers(), s.substring(parsed.bodyStart()), depth);
        return subject.isEmpty() ? body : subject + "\n\n" + body;
    }

    private static String part(MailHeaders headers, String body, int depth) {
        if (depth > MAX_DEPTH) return "";
        ContentType type = headers.contentType();
        return switch (type.type()) {
            case "multipart" -> multipart(type, body, depth);
            case "message" -> type.subtype().equals("rfc822") ? message(body, depth + 1) : "";
            case "text" -> headers.attachment() ? "" : text(headers, type, body);
            default -> "";
        };
    }

    private static String multipart(ContentType type, String body, int depth) {
        String boundary = type.parameter("boundary");
        List<String> parts = boundary == null || boundary.isEmpty() ? List.of() : split(body, boundary);
        if (parts.isEmpty()) {
            // a multipart without a usable boundary: show what is there rather than nothing
            return text(new MailHeaders(List.of()), ContentType.DEFAULT, body);
        }
        List<String> texts = new ArrayList<>();
        String plain = null;
        for (String p : parts) {
            MailHeaders.Parsed parsed = MailHeaders.parse(p, false);
            String text = part(parsed.headers(), p.substring(parsed.bodyStart()), depth + 1);
            if (text.isBlank()) continue;
            texts.add(text);
            if (plain == null && parsed.headers().contentType().mimeType().equals("text/plain")) plain = text;
        }
        if (type.subtype().equals("alternative")) {
            // alternatives say the same thing twice: plain text is the cleaner of the two
            return plain != null ? plain : texts.isEmpty() ? "" : texts.getFirst();
        }
        return String.join("\n\n", texts);
    }

    /** The bodies between "--boundary" delimiter lines, preamble and epilogue dropped. */
    static List<String> split(String body, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int partStart = -1;
        int pos = 0;
        int n = body.length();
        while (pos < n) {
            int end = body.indexOf('\n', pos);
            int next = end < 0 ? n : end + 1;
            String line = body.substring(pos, end < 0 ? n : end).stripTrailing();
            if (line.startsWith(delimiter)) {
                String rest = line.substring(delimiter.length());
                if (rest.isEmpty() || rest.equals("--")) {
                    // the line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1)
                    if (partStart >= 0) parts.add(body.substring(partStart, lineBreakBefore(body, pos, partStart)));
                    if (rest.equals("--")) return parts;
                    partStart = next;
                }
            }
            pos = next;
        }
        if (partStart >= 0 && partStart < n) parts.add(body.substring(partStart, lineBreakBefore(body, n, partStart))); // unterminated: keep what came
        return parts;
    }

    private static int lineBreakBefore(String body, int lineStart, int floor) {
        int end = lineStart;
        if (end > floor && body.charAt(end - 1) == '\n') end--;
        if (end > floor && body.charAt(end - 1) == '\r') end--;
        return end;
    }

    private static String text(MailHeaders headers, ContentType type, String body) {
        byte[] bytes = TransferEncoding.decode(headers.transferEncoding(), body.getBytes(StandardCharsets.ISO_8859_1));
        String text = MailCharsets.decode(bytes, type.parameter("charset"));
        boolean html = type.subtype().equals("html")
                || (type.subtype().equals("plain") && UNDECLARED_HTML.matcher(text).find()); // spam often sends HTML as plain
        return html ? HtmlText.toText(text) : text;
    }

    /** Unifies line breaks and spacing: single spaces, trimmed lines, at most one blank line in a row. */
    static String tidy(String s) {
        String unified = s.replace("\r\n", "\n").replace('\r', '\n').replace('\u00a0', ' ');
        StringBuilder out = new StringBuilder(unified.length());
        int blank = 0;
        for (String line : unified.split("\n", -1)) {
            String t = line.replaceAll("[ \t\f\u000b]+", " ").strip();
            if (t.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) out.append(blank > 0 ? "\n\n" : "\n");
            out.append(t);
            blank = 0;
        }
        return out.toString();
    }

    /**
     * At most {@code maxChars} characters of {@code text}, cut at the last white space before the
     * limit (a cut word would become junk subword tokens) unless that would lose over a fifth.
     */
    public static String truncate(String text, int maxChars) {
        if (maxChars < 1) throw new UsageException("--max-chars must be at least 1, got " + maxChars);
        if (text.length() <= maxChars) return text;
        int cut = maxChars;
        if (Character.isLowSurrogate(text.charAt(cut))) cut--;
        int space = text.lastIndexOf(' ', cut);
        int newline = text.lastIndexOf('\n', cut);
        int boundary = Math.max(space, newline);
        if (boundary >= maxChars * 4 / 5) cut = boundary;
        return text.substring(0, cut).strip();
    }
}
