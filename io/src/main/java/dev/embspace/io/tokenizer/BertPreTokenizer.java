package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** BERT's basic tokenization: split on whitespace (dropped), then isolate every punctuation mark. */
record BertPreTokenizer() implements PreTokenizer {

    @Override
    public void preTokenize(Piece piece, List<Piece> out) {
        List<Piece> words = new ArrayList<>();
        SplitBehavior.REMOVED.split(piece, TextPattern.spans(piece.text(), UnicodeClasses::isWhitespace), words);
        for (Piece word : words) {
            SplitBehavior.ISOLATED.split(word, TextPattern.spans(word.text(), UnicodeClasses::isBertPunctuation), out);
        }
    }
}
