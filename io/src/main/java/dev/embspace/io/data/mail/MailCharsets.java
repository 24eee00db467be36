package dev.embspace.io.data.mail;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * Turns a part's bytes into text by its declared charset. A missing, misspelt or unsupported
 * charset falls back to windows-1252: it decodes ASCII as ASCII, and it is what mail clients of the
 * corpus's era wrote when they claimed nothing or "iso-8859-1" (its printable superset).
 */
final class MailCharsets {

    static final Charset FALLBACK = Charset.forName("windows-1252");

    private MailCharsets() {
    }

    static Charset forName(String name) {
        if (name == null || name.isBlank()) return FALLBACK;
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("us-ascii") || n.equals("ascii") || n.equals("iso-8859-1") || n.equals("latin1")) return FALLBACK;
        try {
            return Charset.forName(n);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return FALLBACK;
        }
    }

    static String decode(byte[] bytes, String charset) {
        return new String(bytes, forName(charset));
    }
}
