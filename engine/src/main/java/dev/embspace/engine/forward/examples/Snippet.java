package dev.embspace.engine.forward.examples;

import dev.embspace.engine.vocab.Vocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * An example's context as a person reads it: the text before the token, the token, and the text
 * after it, joined from the vocabulary's readable token strings, so a page can mark the middle part.
 * <p>
 * Joining follows the readable convention of {@link Vocabulary#readable}: a token that starts with
 * a space starts a word (byte-level BPE, SentencePiece) and one that starts with "##" continues one
 * (WordPiece, the marker dropped). In a snippet where no token starts with a space, the vocabulary
 * marks words by "##" only, so every other token starts a word; where some do, the others continue
 * one. Special tokens are shown as they are stored ([CLS], &lt;|endoftext|&gt;).
 */
public record Snippet(String before, String token, String after) {

    public static Snippet of(ActivatingExample example, Vocabulary vocabulary) {
        List<String> readable = new ArrayList<>();
        for (int id : example.before()) readable.add(vocabulary.readable(id));
        readable.add(vocabulary.readable(example.tokenId()));
        for (int id : example.after()) readable.add(vocabulary.readable(id));
        boolean spaceMarked = readable.stream().anyMatch(t -> t.startsWith(" "));
        int at = example.before().size();
        StringBuilder before = new StringBuilder(), token = new StringBuilder(), after = new StringBuilder();
        for (int i = 0; i < readable.size(); i++) {
            StringBuilder part = i < at ? before : i == at ? token : after;
            String t = readable.get(i);
            if (t.startsWith("##") && t.length() > 2) part.append(t, 2, t.length());
            else if (spaceMarked || i == 0) part.append(t);
            else part.append(' ').append(t);
        }
        // the space that separates the token from the word before belongs outside the highlight
        if (!token.isEmpty() && token.charAt(0) == ' ' && !token.toString().isBlank()) {
            before.append(' ');
            token.deleteCharAt(0);
        }
        return new Snippet(before.toString(), token.toString(), after.toString());
    }

    /** The whole snippet with the token between the given marks, for example "[[" and "]]". */
    public String marked(String open, String close) {
        return before + open + token + close + after;
    }
}
