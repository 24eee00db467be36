package dev.embspace.engine.vocab;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TokenClassesTest {

    /** A vocabulary whose readable form decodes GPT-2's leading-space marker, as the real ones do. */
    private static Vocabulary of(List<String> tokens) {
        return new Vocabulary() {
            public int size() {
                return tokens.size();
            }

            public String token(int id) {
                return tokens.get(id);
            }

            public OptionalInt id(String token) {
                int i = tokens.indexOf(token);
                return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
            }

            public String readable(int id) {
                return tokens.get(id).replace('Ġ', ' ');
            }
        };
    }

    @Test
    void casingLeadingSpaceAndContinuationMarkersAreOneToken() {
        int[] c = TokenClasses.normalised(of(List.of("paris", "Paris", "##paris", "ĠParis", "pari", "[CLS]", "##s", "s", "ĠS")));
        assertEquals(c[0], c[1]);
        assertEquals(c[0], c[2]);
        assertEquals(c[0], c[3]);
        assertNotEquals(c[0], c[4]);
        assertNotEquals(c[0], c[5]);
        assertEquals(c[6], c[7]);
        assertEquals(c[6], c[8]);
        assertNotEquals(c[4], c[6]);
    }

    @Test
    void theIdRuleKeepsEveryTokenApart() {
        int[] c = TokenClasses.byId(4);
        assertEquals(List.of(0, 1, 2, 3), java.util.Arrays.stream(c).boxed().toList());
    }
}
