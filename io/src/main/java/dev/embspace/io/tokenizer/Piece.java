package dev.embspace.io.tokenizer;

/**
 * A stretch of input text on its way through the pipeline, before the model turns it into tokens.
 *
 * @param atStart whether the piece begins where the input begins; SentencePiece's "first"
 *                prepend scheme adds its '▁' to that piece only
 */
record Piece(String text, boolean atStart) {

    Piece slice(int start, int end) {
        return new Piece(text.substring(start, end), atStart && start == 0);
    }

    Piece withText(String newText) {
        return new Piece(newText, atStart);
    }
}
