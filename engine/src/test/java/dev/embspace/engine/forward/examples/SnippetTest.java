package dev.embspace.engine.forward.examples;

import dev.embspace.engine.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SnippetTest {

    /** Readable strings by id, as a vocabulary gives them. */
    private static Vocabulary vocabulary(List<String> readable) {
        return new Vocabulary() {
            public int size() {
                return readable.size();
            }

            public String token(int id) {
                return readable.get(id);
            }

            public OptionalInt id(String token) {
                int i = readable.indexOf(token);
                return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
            }

            public String readable(int id) {
                return readable.get(id);
            }
        };
    }

    private static ActivatingExample example(List<Integer> before, int token, List<Integer> after) {
        return new ActivatingExample(0, "t", before.size(), token, 1f, before, after);
    }

    @Test
    void wordPieceTokensAreSpacedAndContinuationsGlued() {
        Vocabulary v = vocabulary(List.of("[CLS]", "the", "cap", "##ital", "of", "france", "[SEP]"));
        assertEquals(new Snippet("[CLS] the cap", "ital", " of france [SEP]"), Snippet.of(example(List.of(0, 1, 2), 3, List.of(4, 5, 6)), v));
        Snippet s = Snippet.of(example(List.of(0, 1), 2, List.of(3, 4)), v);
        assertEquals("[CLS] the [[cap]]ital of", s.marked("[[", "]]"));
    }

    @Test
    void spaceMarkedTokensKeepTheirSpaceOutsideTheHighlight() {
        Vocabulary v = vocabulary(List.of("The", " capital", " of", " Fr", "ance", " is"));
        Snippet s = Snippet.of(example(List.of(0, 1, 2), 3, List.of(4, 5)), v);
        assertEquals(new Snippet("The capital of ", "Fr", "ance is"), s);
        assertEquals("[[The]] capital", Snippet.of(example(List.of(), 0, List.of(1)), v).marked("[[", "]]"));
    }
}
