package dev.embspace.engine.forward.examples;

import java.util.List;

/**
 * One corpus context where a unit fired: token {@code position} of text {@code textIndex}, with the
 * unit's activation there and the token ids around it (up to the requested context on each side,
 * fewer at the text's ends), so a page can show the snippet with the token highlighted. Ids, not
 * strings: the caller's {@link dev.embspace.engine.vocab.Vocabulary} gives the stored string
 * ({@code token}) or the readable one ({@code readable}), whichever it shows.
 *
 * @param textIndex the text's index in the corpus as given to the scan
 * @param position  the token's index in the text's token ids (special tokens included)
 * @param tokenId   the token at that position
 * @param before    the ids of the tokens before it, in text order
 * @param after     the ids of the tokens after it, in text order
 */
public record ActivatingExample(int textIndex, String text, int position, int tokenId, float activation,
                                List<Integer> before, List<Integer> after) {

    public ActivatingExample {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }
}
