package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.vocab.Vocabulary;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** How token lists look: readable columns in text, {"id", "token", "score"} objects in JSON. */
final class TokenText {

    private TokenText() {
    }

    static ArrayNode json(List<TokenScore> scores, Vocabulary vocabulary) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (TokenScore s : scores) {
            array.addObject().put("id", s.id()).put("token", vocabulary.token(s.id())).put("score", s.score());
        }
        return array;
    }

    /** One line: {@code label: tok1 (score)  tok2 (score) ...}, tokens quoted so spaces show. */
    static void line(PrintStream out, String label, List<TokenScore> scores, Vocabulary vocabulary) {
        StringBuilder b = new StringBuilder(label).append(':');
        for (TokenScore s : scores) {
            b.append("  ").append(quote(vocabulary.readable(s.id())))
                    .append(String.format(Locale.ROOT, " %.3f", s.score()));
        }
        out.println(b);
    }

    /** A table: rank, token, id, score. */
    static void table(PrintStream out, String title, List<TokenScore> scores, Vocabulary vocabulary) {
        out.println(title);
        int rank = 1;
        for (TokenScore s : scores) {
            out.printf(Locale.ROOT, "  %3d  %-24s %7d  %9.4f%n", rank++, quote(vocabulary.readable(s.id())), s.id(), s.score());
        }
    }

    static String quote(String token) {
        StringBuilder b = new StringBuilder("'");
        token.codePoints().forEach(c -> {
            if (c == '\'') b.append("\\'");
            else if (c < 0x20 || c == 0x7F) b.append(String.format("\\x%02x", c));
            else b.appendCodePoint(c);
        });
        return b.append('\'').toString();
    }
}
