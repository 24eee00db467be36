package dev.embspace.io.data.mail;

import java.io.ByteArrayOutputStream;

/**
 * Content-Transfer-Encoding decoders (RFC 2045 section 6): base64 and quoted-printable; 7bit,
 * 8bit and binary are the bytes themselves. Both decoders are lenient in the way mail readers are:
 * characters outside the alphabet are skipped, and a malformed escape is kept as written.
 */
final class TransferEncoding {

    private TransferEncoding() {
    }

    static byte[] decode(String encoding, byte[] body) {
        return switch (encoding) {
            case "base64" -> base64(body);
            case "quoted-printable" -> quotedPrintable(body);
            default -> body;
        };
    }

    /** Base64, ignoring line breaks and any other non-alphabet bytes, stopping at padding. */
    static byte[] base64(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3 / 4);
        int buffer = 0;
        int bits = 0;
        for (byte raw : in) {
            int c = raw & 0xff;
            if (c == '=') break;
            int v = sextet(c);
            if (v < 0) continue;
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static int sextet(int c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    }

    /** Quoted-printable: "=XX" is a byte, "=" at the end of a line joins it to the next. */
    static byte[] quotedPrintable(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int n = in.length;
        for (int i = 0; i < n; i++) {
            int c = in[i] & 0xff;
            if (c != '=') {
                out.write(c);
                continue;
            }
            // soft line break: "=" then optional trailing white space then CRLF or LF
            int j = i + 1;
            while (j < n && (in[j] == ' ' || in[j] == '\t')) j++;
            if (j < n && in[j] == '\r' && j + 1 < n && in[j + 1] == '\n') {
                i = j + 1;
                continue;
            }
            if (j < n && in[j] == '\n') {
                i = j;
                continue;
            }
            if (j >= n) {
                i = n;
                continue;
            }
            int hi = i + 2 < n ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < n ? Character.digit(in[i + 2], 16) : -1;
            if (hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
