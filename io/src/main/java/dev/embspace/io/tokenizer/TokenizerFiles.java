package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import dev.embspace.io.gguf.GgufFile;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which tokenizer a model directory holds, in the order the Hugging Face tools prefer them: the
 * full {@code tokenizer.json}, else GPT-2's {@code vocab.json} + {@code merges.txt}, else BERT's
 * {@code vocab.txt}.
 */
public sealed interface TokenizerFiles {

    String TOKENIZER_JSON = "tokenizer.json";
    String VOCAB_JSON = "vocab.json";
    String MERGES_TXT = "merges.txt";
    String VOCAB_TXT = "vocab.txt";

    /** The file the vocabulary is read from. */
    Path vocabularyFile();

    record TokenizerJson(Path file) implements TokenizerFiles {
        @Override
        public Path vocabularyFile() {
            return file;
        }
    }

    /** GPT-2's pair; {@code merges} may be missing, which only text encoding needs. */
    record VocabAndMerges(Path vocab, Path merges) implements TokenizerFiles {
        @Override
        public Path vocabularyFile() {
            return vocab;
        }
    }

    record VocabTxt(Path file) implements TokenizerFiles {
        @Override
        public Path vocabularyFile() {
            return file;
        }
    }

    /** A llama.cpp GGUF file, whose metadata holds the tokenizer. */
    record Gguf(Path file) implements TokenizerFiles {
        @Override
        public Path vocabularyFile() {
            return file;
        }
    }

    /**
     * The tokenizer files of {@code modelDir} (or the GGUF file it names), or a BadInputException
     * naming what was looked for. A directory holding none of the Hugging Face files but exactly one
     * {@code .gguf} file uses that file's tokenizer.
     */
    static TokenizerFiles locate(Path modelDir) {
        if (Files.isRegularFile(modelDir) && GgufFile.looksLikeGguf(modelDir)) return new Gguf(modelDir);
        if (!Files.isDirectory(modelDir)) {
            throw new BadInputException(modelDir, "not a directory (expected a model directory with a tokenizer)");
        }
        Path json = modelDir.resolve(TOKENIZER_JSON);
        if (Files.isRegularFile(json)) return new TokenizerJson(json);
        Path vocabJson = modelDir.resolve(VOCAB_JSON);
        if (Files.isRegularFile(vocabJson)) return new VocabAndMerges(vocabJson, modelDir.resolve(MERGES_TXT));
        Path vocabTxt = modelDir.resolve(VOCAB_TXT);
        if (Files.isRegularFile(vocabTxt)) return new VocabTxt(vocabTxt);
        List<Path> ggufs;
        try (Stream<Path> files = Files.list(modelDir)) {
            ggufs = files.filter(p -> p.getFileName().toString().endsWith(GgufFile.EXTENSION)).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(modelDir, "cannot list the directory: " + e.getMessage(), e);
        }
        if (ggufs.size() == 1) return new Gguf(ggufs.getFirst());
        throw new BadInputException(modelDir, "no tokenizer found (looked for " + TOKENIZER_JSON + ", "
                + VOCAB_JSON + " + " + MERGES_TXT + ", " + VOCAB_TXT + ", or one .gguf file)");
    }
}
