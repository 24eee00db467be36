package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A whole-word lookup: each piece is one token, or the unknown token. */
record WordLevelModel(Path file, Map<String, Integer> vocab, String unkToken) implements TokenModel {

    @Override
    public void tokenize(String word, List<Token> out) {
        Integer id = vocab.get(word);
        if (id != null) {
            out.add(new Token(id, word));
            return;
        }
        Integer unk = vocab.get(unkToken);
        if (unk == null) throw new BadInputException(file, "the unknown token '" + unkToken + "' is not in the vocabulary");
        out.add(new Token(unk, unkToken));
    }
}
