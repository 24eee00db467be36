package dev.embspace.io.data.mail;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words in header values: "=?charset?B?base64?=" or "=?charset?Q?text?=", as in
 * a non-ASCII Subject. White space between two adjacent encoded words is dropped, as the RFC says.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    static String decode(String value) {
        Matcher m = WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean previousWasWord = false;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (!(previousWasWord && between.isBlank())) out.append(between);
            byte[] raw = m.group(3).getBytes(StandardCharsets.ISO_8859_1);
            byte[] bytes = m.group(2).equalsIgnoreCase("b") ? TransferEncoding.base64(raw) : qWord(raw);
            String charset = m.group(1);
            int star = charset.indexOf('*'); // RFC 2231 language suffix
            out.append(MailCharsets.decode(bytes, star < 0 ? charset : charset.substring(0, star)));
            last = m.end();
            previousWasWord = true;
        }
        out.append(value.substring(last));
        return out.toString();
    }

    /** The Q encoding: quoted-printable where "_" stands for a space. */
    private static byte[] qWord(byte[] raw) {
        byte[] spaced = raw.clone();
        for (int i = 0; i < spaced.length; i++) if (spaced[i] == '_') spaced[i] = ' ';
        return TransferEncoding.quotedPrintable(spaced);
    }
}
