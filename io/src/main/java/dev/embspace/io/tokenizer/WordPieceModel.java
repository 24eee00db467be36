package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * WordPiece, BERT's model: the longest vocabulary prefix of the word, then the longest
 * "##"-prefixed continuation, and so on. A word that cannot be covered this way, or that is longer
 * than {@code maxInputCharsPerWord} characters, becomes a single unknown token.
 */
record WordPieceModel(Path file, Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix,
                      int maxInputCharsPerWord) implements TokenModel {

    @Override
    public void tokenize(String word, List<Token> out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unknown());
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Token found = null;
            while (start < end) {
                String candidate = start > 0 ? continuingSubwordPrefix + word.substring(start, end) : word.substring(start, end);
                Integer id = vocab.get(candidate);
                if (id != null) {
                    found = new Token(id, candidate);
                    break;
                }
                end -= Character.charCount(word.codePointBefore(end));
            }
            if (found == null) {
                out.subList(mark, out.size()).clear();
                out.add(unknown());
                return;
            }
            out.add(found);
            start = end;
        }
    }

    private Token unknown() {
        Integer id = vocab.get(unkToken);
        if (id == null) throw new BadInputException(file, "the unknown token '" + unkToken + "' is not in the vocabulary");
        return new Token(id, unkToken);
    }
}
