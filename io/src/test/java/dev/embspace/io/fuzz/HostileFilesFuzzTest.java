package dev.embspace.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.embspace.engine.BadInputException;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.arch.GgufArchitectures;
import dev.embspace.io.data.LabelledDataFiles;
import dev.embspace.io.data.TextCorpus;
import dev.embspace.io.data.mail.MailText;
import dev.embspace.io.gguf.GgufFile;
import dev.embspace.io.onnx.OnnxImporter;
import dev.embspace.io.probe.HeadFile;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import dev.embspace.io.tokenizer.GgufTokenizers;
import dev.embspace.io.tokenizer.Tokenizer;
import dev.embspace.io.tokenizer.Tokenizers;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Every reader of a user's file, fuzzed. The property: an input either loads or is refused with a
 * {@link BadInputException}; anything else (another exception, an Error, a hang past the timeout,
 * a heap blow-up) is a finding. Without JAZZER_FUZZ the build runs each target over its committed
 * seeds and past findings (src/test/resources/.../HostileFilesFuzzTestInputs/TARGET); scripts/fuzz
 * TARGET MINUTES fuzzes one.
 */
class HostileFilesFuzzTest {

    /** Texts every fuzzed tokenizer must encode (or refuse as bad input). */
    private static final String[] TEXTS = {"Hello, world! It's 2024.", "  café naïve 東京 \u0000\t\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
            "<|endoftext|>[CLS] x [SEP]", ""};

    private static final Path SCRATCH;
    private static final TestCheckpoint GPT2;

    static {
        try {
            SCRATCH = Files.createTempDirectory("embspace-fuzz");
            GPT2 = TestModels.gpt2(SCRATCH.resolve("gpt2"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Target {
        void run(Path dir) throws Exception;
    }

    /** Runs {@code target} in a fresh directory; only BadInputException may escape it. */
    private static void loadsOrRefuses(Target target) throws Exception {
        Path dir = Files.createTempDirectory(SCRATCH, "case");
        try {
            target.run(dir);
        } catch (BadInputException expected) {
            // the one allowed way to fail
        } finally {
            deleteTree(dir);
        }
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void safetensorsHeader(byte[] data) throws Exception {
        loadsOrRefuses(dir -> {
            write(dir, Safetensors.SINGLE_FILE_NAME, data);
            try (TensorStore store = Safetensors.open(dir)) {
                for (String name : store.names()) store.tensor(name).size();
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void shardIndex(byte[] data) throws Exception {
        loadsOrRefuses(dir -> {
            Files.copy(GPT2.dir().resolve(Safetensors.SINGLE_FILE_NAME), dir.resolve("model-00001-of-00001.safetensors"));
            write(dir, "model.safetensors.index.json", data);
            try (TensorStore store = Safetensors.open(dir)) {
                for (String name : store.names()) store.tensor(name).size();
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void configToAdapter(byte[] data) throws Exception {
        loadsOrRefuses(dir -> {
            Path config = write(dir, "config.json", data);
            try (TensorStore store = Safetensors.open(GPT2.dir())) {
                Architectures.load(config, store, "fuzz");
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void tokenizerJson(byte[] data) throws Exception {
        loadsOrRefuses(dir -> encodeAll(Tokenizers.fromTokenizerJson(write(dir, "tokenizer.json", data)), data));
    }

    /** vocab.txt (BERT's WordPiece), or vocab.json and merges.txt (GPT-2's BPE) split at the first NUL. */
    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void vocabularyFiles(byte[] data) throws Exception {
        loadsOrRefuses(dir -> {
            int nul = indexOf(data, (byte) 0);
            if (nul < 0) {
                write(dir, "vocab.txt", data);
            } else {
                write(dir, "vocab.json", Arrays.copyOfRange(data, 0, nul));
                write(dir, "merges.txt", Arrays.copyOfRange(data, nul + 1, data.length));
            }
            encodeAll(Tokenizers.load(dir), data);
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void onnxImport(byte[] data) throws Exception {
        loadsOrRefuses(dir -> {
            Path onnx = write(dir, "model.onnx", data);
            OnnxImporter.importModel(onnx, GPT2.dir().resolve("tokenizer.json"), dir.resolve("out"));
        });
    }

    /** A GGUF file: header, metadata, tensor infos, then the architecture and the tokenizer it describes. */
    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void gguf(byte[] data) throws Exception {
        loadsOrRefuses(dir -> {
            try (GgufFile gguf = GgufFile.open(write(dir, "model.gguf", data))) {
                for (String name : gguf.names()) gguf.tensor(name).size();
                GgufArchitectures.load(gguf, "fuzz");
                encodeAll(GgufTokenizers.tokenizer(gguf), data);
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void headFile(byte[] data) throws Exception {
        loadsOrRefuses(dir -> HeadFile.read(write(dir, "head.safetensors", data)));
    }

    /** The same bytes as JSON Lines, as CSV, as a text corpus, and as a mail. */
    @FuzzTest(maxDuration = "10m")
    @Timeout(20)
    void dataReaders(byte[] data) throws Exception {
        loadsOrRefuses(dir -> LabelledDataFiles.read(write(dir, "data.jsonl", data)));
        loadsOrRefuses(dir -> LabelledDataFiles.read(write(dir, "data.csv", data)));
        loadsOrRefuses(dir -> TextCorpus.read(write(dir, "corpus.txt", data)));
        loadsOrRefuses(dir -> MailText.truncate(MailText.of(data), 2000));
    }

    private static void encodeAll(Tokenizer tokenizer, byte[] data) {
        for (String text : TEXTS) tokenizer.encode(text);
        tokenizer.encode(new String(data, 0, Math.min(data.length, 4096), StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) if (data[i] == b) return i;
        return -1;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
