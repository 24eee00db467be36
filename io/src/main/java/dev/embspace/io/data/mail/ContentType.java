package dev.embspace.io.data.mail;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Content-Type value (RFC 2045 section 5.1): "type/subtype; name=value; name="quoted value"".
 * Parameter names are case-insensitive; values keep their case (boundaries are case-sensitive).
 */
record ContentType(String type, String subtype, Map<String, String> parameters) {

    /** What a part without a Content-Type is (RFC 2045 section 5.2). */
    static final ContentType DEFAULT = new ContentType("text", "plain", Map.of("charset", "us-ascii"));

    static ContentType parse(String value) {
        int semi = value.indexOf(';');
        String mime = (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        int slash = mime.indexOf('/');
        if (slash <= 0) return new ContentType("text", "plain", parameters(semi < 0 ? "" : value.substring(semi + 1)));
        return new ContentType(mime.substring(0, slash), mime.substring(slash + 1).strip(),
                parameters(semi < 0 ? "" : value.substring(semi + 1)));
    }

    private static Map<String, String> parameters(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ';' || Character.isWhitespace(s.charAt(i)))) i++;
            int eq = s.indexOf('=', i);
            if (eq < 0) break;
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) i++;
                    v.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ';' && !Character.isWhitespace(s.charAt(i))) v.append(s.charAt(i++));
            }
            if (!name.isEmpty()) out.putIfAbsent(name, v.toString());
        }
        return out;
    }

    String mimeType() {
        return type + "/" + subtype;
    }

    String parameter(String name) {
        return parameters.get(name);
    }
}
