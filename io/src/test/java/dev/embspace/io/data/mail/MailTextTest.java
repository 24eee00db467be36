package dev.embspace.io.data.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small mails in the shapes the SpamAssassin corpus has, each decoded to what a reader sees. */
class MailTextTest {

    private static String text(String mail) {
        return MailText.of(mail.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void plainMessageLosesItsHeadersButKeepsItsSubject() {
        assertEquals("Lunch tomorrow?\n\nShall we meet at noon?\n\nBob", text("""
                From bob@example.com  Thu Aug 22 10:00:00 2002
                Return-Path: <bob@example.com>
                Received: from mail.example.com
                \tby mx.example.org; Thu, 22 Aug 2002
                Subject: Lunch
                 tomorrow?
                To: alice@example.org

                Shall we meet   at noon?



                Bob
                """));
    }

    @Test
    void alternativePrefersThePlainText() {
        assertEquals("Offer\n\nplain version", text("""
                Subject: Offer
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="=_b1"

                This is a multi-part message in MIME format.
                --=_b1
                Content-Type: text/html; charset=us-ascii

                <html><body><p>html version</p></body></html>
                --=_b1
                Content-Type: text/plain; charset=us-ascii

                plain version
                --=_b1--
                epilogue is not text
                """));
    }

    @Test
    void htmlIsReducedToItsVisibleText() {
        assertEquals("WIN BIG\n\nClick here & claim your \u20ac1000 prize\u2122 now!\nUnsubscribe", text("""
                Content-Type: text/html; charset=iso-8859-1

                <html><head><title>t</title><style>p {color:red}</style></head>
                <body><!-- hidden <b>comment</b> --><h1>WIN
                BIG</h1><p>Click <a href="http://x">here</a> &amp; claim your &euro;1000 prize&#8482;
                now!<script>alert(1)</script><br>Unsubscribe</p></body></html>
                """));
    }

    @Test
    void quotedPrintableIsDecodedInItsCharset() {
        assertEquals("Caf\u00e9 cr\u00e8me, a long line joined by a soft break.", text("""
                Content-Type: text/plain; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                Caf=E9 cr=E8me, a long line joined =
                by a soft break.
                """));
    }

    @Test
    void base64IsDecodedInItsCharsetAndAttachmentsAreSkipped() {
        String utf8 = Base64.getMimeEncoder().encodeToString("Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u65e5\u672c".getBytes(StandardCharsets.UTF_8));
        String koi8 = Base64.getEncoder().encodeToString("\u041f\u0440\u0438\u0432\u0435\u0442".getBytes(Charset.forName("KOI8-R")));
        assertEquals("Gr\u00fc\u00dfe \u00fcber alles\n\n"
                        + "Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u65e5\u672c\n\n\u041f\u0440\u0438\u0432\u0435\u0442",
                text("Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe_?= =?ISO-8859-1?B?/GJlcg==?= alles\n"
                        + """
                        Content-Type: multipart/mixed; boundary=outer

                        --outer
                        Content-Type: text/plain; charset=UTF-8
                        Content-Transfer-Encoding: base64

                        """ + utf8 + """

                        --outer
                        Content-Type: text/plain; charset=koi8-r
                        Content-Transfer-Encoding: base64

                        """ + koi8 + """

                        --outer
                        Content-Type: image/gif; name="logo.gif"
                        Content-Transfer-Encoding: base64

                        R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=
                        --outer
                        Content-Type: text/plain
                        Content-Disposition: attachment; filename="log.txt"

                        attached log lines
                        --outer--
                        """));
    }

    @Test
    void nestedMultipartsAndForwardedMessagesAreWalked() {
        assertEquals("Fwd\n\nsee below\n\nOriginal\n\nforwarded body", text("""
                Subject: Fwd
                Content-Type: multipart/mixed; boundary="a"

                --a
                Content-Type: multipart/alternative; boundary="b"

                --b
                Content-Type: text/plain

                see below
                --b--

                --a
                Content-Type: message/rfc822

                Subject: Original
                From: carol@example.com

                forwarded body
                --a--
                """));
    }

    @Test
    void htmlSentAsPlainTextIsStillReduced() {
        assertEquals("Buy now\ncheap", text("""
                Content-Type: text/plain

                <html><body>Buy now<br>cheap</body></html>
                """));
    }

    @Test
    void encodedWordsDecodeAndJoin() {
        assertEquals("caf\u00e9 au lait", EncodedWords.decode("=?iso-8859-1?Q?caf=E9?= =?utf-8?Q?_au_lait?="));
        assertEquals("plain =?bogus", EncodedWords.decode("plain =?bogus"));
    }

    @Test
    void transferDecodersAreLenient() {
        assertEquals("a=zz b", new String(TransferEncoding.quotedPrintable("a=zz b".getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1));
        assertEquals("hello", new String(TransferEncoding.base64("aGVs\r\nbG8=\r\n".getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1));
    }

    @Test
    void multipartSplitDropsPreambleAndTheDelimitersLineBreak() {
        assertEquals(List.of("one", "two\r\nlines"), MailText.split("pre\r\n--x\r\none\r\n--x\r\ntwo\r\nlines\r\n--x--\r\npost", "x"));
        assertEquals(List.of("only"), MailText.split("--x\nonly\n", "x"));
    }

    @Test
    void truncationCutsAtWhiteSpaceNearTheLimit() {
        assertEquals("aaaa bbbb", MailText.truncate("aaaa bbbb cccc", 11));
        assertEquals("abcdefghij", MailText.truncate("abcdefghijklmnop", 10));
        assertEquals("short", MailText.truncate("short", 100));
    }
}
