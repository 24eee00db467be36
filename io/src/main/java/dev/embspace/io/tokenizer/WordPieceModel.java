package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * WordPiece, BERT's model: the longest vocabulary prefix of the word, then the longest
 * "##"-prefixed continuation, and so on. A word that cannot be covered this way, or that is longer
 * than {@code maxInputCharsPerWord} characters, becomes a single unknown token. The longest match
 * comes from a {@link PrefixTrie}, so a word costs one walk per piece, whatever the file's limits.
 */
final class WordPieceModel implements TokenModel {

    private final Path file;
    private final Map<String, Integer> vocab;
    private final String unkToken;
    private final String continuingSubwordPrefix;
    private final int maxInputCharsPerWord;
    private final PrefixTrie initial = new PrefixTrie();
    private final PrefixTrie continuing = new PrefixTrie();

    WordPieceModel(Path file, Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.file = file;
        this.vocab = vocab;
        this.unkToken = unkToken;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        vocab.forEach((token, id) -> {
            initial.put(token, id);
            if (!continuingSubwordPrefix.isEmpty() && token.startsWith(continuingSubwordPrefix)) {
                continuing.put(token.substring(continuingSubwordPrefix.length()), id);
            }
        });
        if (continuingSubwordPrefix.isEmpty()) vocab.forEach(continuing::put);
    }

    @Override
    public void tokenize(String word, List<Token> out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unknown());
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = (start == 0 ? initial : continuing).longestMatch(word, start, word.length());
            if (end < 0) {
                out.subList(mark, out.size()).clear();
                out.add(unknown());
                return;
            }
            String piece = start > 0 ? continuingSubwordPrefix + word.substring(start, end) : word.substring(0, end);
            out.add(new Token(vocab.get(piece), piece));
            start = end;
        }
    }

    private Token unknown() {
        Integer id = vocab.get(unkToken);
        if (id == null) throw new BadInputException(file, "the unknown token '" + unkToken + "' is not in the vocabulary");
        return new Token(id, unkToken);
    }
}
