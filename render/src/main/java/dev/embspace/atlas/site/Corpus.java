package dev.embspace.atlas.site;

import dev.embspace.engine.BadInputException;
import dev.embspace.io.data.TextCorpus;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The --corpus texts, tokenized once for every stage that reads them (evidence, recall, lens),
 * up to a budget of token positions; empty texts are dropped.
 */
public record Corpus(List<String> texts, List<Encoding> encodings) {

    public Corpus {
        texts = List.copyOf(texts);
        encodings = List.copyOf(encodings);
    }

    public static Corpus read(Path file, Tokenizer tokenizer, long maxTokens) {
        List<String> texts = new ArrayList<>();
        List<Encoding> encodings = new ArrayList<>();
        long total = 0;
        for (String text : TextCorpus.read(file)) {
            if (total >= maxTokens) break;
            Encoding e = tokenizer.encode(text);
            if (e.size() == 0) continue;
            texts.add(text);
            encodings.add(e);
            total += e.size();
        }
        if (texts.isEmpty()) throw new BadInputException(file, "no text in the corpus encodes to any token");
        return new Corpus(texts, encodings);
    }

    public List<int[]> ids() {
        return encodings.stream().map(Encoding::ids).toList();
    }

    public long tokens() {
        return encodings.stream().mapToLong(Encoding::size).sum();
    }
}
