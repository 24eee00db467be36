package dev.embspace.engine.vocab;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which tokens count as "the same token" when a head's pairs of a token with itself are left out.
 * The paper's code compares {@code decode(x).lower().strip()}, so 'paris', 'Paris', ' Paris' and
 * the continuation '##paris' are one token for that purpose; comparing ids only would leave every
 * such pair in and crowd the top of a copying head with near-duplicates.
 */
public final class TokenClasses {

    private TokenClasses() {
    }

    /** One class per id (the id-only rule). */
    public static int[] byId(int size) {
        int[] classes = new int[size];
        for (int i = 0; i < size; i++) classes[i] = i;
        return classes;
    }

    /** One class per normalised string: lower-cased, WordPiece's ## and surrounding whitespace (GPT-2's leading space) stripped. */
    public static int[] normalised(Vocabulary vocabulary) {
        int[] classes = new int[vocabulary.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < classes.length; id++) {
            Integer next = seen.size();
            classes[id] = seen.computeIfAbsent(normalise(vocabulary.readable(id)), key -> next);
        }
        return classes;
    }

    /** A token as the comparison sees it. */
    public static String normalise(String readable) {
        String s = readable.strip();
        if (s.startsWith("##")) s = s.substring(2);
        return s.strip().toLowerCase(Locale.ROOT);
    }
}
