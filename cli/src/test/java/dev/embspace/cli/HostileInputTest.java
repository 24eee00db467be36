package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs written to hurt: nothing hangs, nothing takes the heap, every refusal is one line naming
 * the file or option. Where memory is the point the CLI runs in a child JVM with a 256 MB heap;
 * the wall-clock bounds are generous and only catch hangs.
 */
class HostileInputTest {

    private static final Duration HANG = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static Launcher launcher;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tree() {
        launcher = Launcher.in(shared.resolve("launcher"));
    }

    private static Cli.Result inTime(Supplier<Cli.Result> run) {
        return assertTimeoutPreemptively(HANG, run::get, "hung");
    }

    /** Exactly one stderr line, starting "embspace: ", naming {@code named}; no trace; nothing on stdout. */
    private static void assertRefused(Cli.Result r, int code, String named, String problem) {
        assertEquals(code, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "exactly one line: " + r);
        String line = r.err().strip();
        assertTrue(line.startsWith("embspace: "), r::toString);
        assertTrue(line.contains(named), () -> "names " + named + ": " + r);
        assertTrue(line.contains(problem), () -> "says " + problem + ": " + r);
        assertTrue(r.out().isEmpty(), r::toString);
    }

    private TestCheckpoint gpt2WithTokenizer(String stage, String json) throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path file = gpt2.dir().resolve("tokenizer.json");
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        root.set(stage, JSON.readTree(json));
        Files.writeString(file, JSON.writeValueAsString(root));
        return gpt2;
    }

    @Test
    void aCatastrophicSplitPatternStopsWithOneLine() throws IOException {
        TestCheckpoint gpt2 = gpt2WithTokenizer("pre_tokenizer",
                "{\"type\": \"Split\", \"pattern\": {\"Regex\": \"((a+)\\\\2?)+b\"}, \"behavior\": \"Isolated\", \"invert\": false}");
        // a back-reference defeats Java's memoisation: 24 characters take over a minute without the budget
        Cli.Result r = inTime(() -> Cli.run("tokenize", "-m", gpt2.dir().toString(), "--text", "a".repeat(40)));
        assertRefused(r, 3, "tokenizer.json", "((a+)\\2?)+b");
        assertTrue(r.err().contains("pre_tokenizer.pattern.Regex"), r::toString);
    }

    @Test
    void aCatastrophicReplacePatternStopsWithOneLine() throws IOException {
        TestCheckpoint gpt2 = gpt2WithTokenizer("normalizer",
                "{\"type\": \"Replace\", \"pattern\": {\"Regex\": \"(x+x+)+y\"}, \"content\": \"z\"}");
        Cli.Result r = inTime(() -> Cli.run("tokenize", "-m", gpt2.dir().toString(), "--text", "x".repeat(5000)));
        assertRefused(r, 3, "tokenizer.json", "normalizer.pattern.Regex");
    }

    @Test
    void aDeeplyRecursivePatternOnALongTextStopsWithOneLine() throws IOException {
        TestCheckpoint gpt2 = gpt2WithTokenizer("pre_tokenizer",
                "{\"type\": \"Split\", \"pattern\": {\"Regex\": \"(?:a|b)*c\"}, \"behavior\": \"Isolated\", \"invert\": false}");
        Cli.Result r = inTime(() -> Cli.run("tokenize", "-m", gpt2.dir().toString(), "--text", "ab".repeat(200_000)));
        assertTrue(r.code() == 0 || r.code() == 3, r::toString);
        assertTrue(r.code() == 0 || (r.err().lines().count() == 1 && r.err().contains("tokenizer.json")), r::toString);
    }

    @Test
    void aFifoIsRefusedBeforeItIsOpened() throws Exception {
        Path fifo = tmp.resolve("train.jsonl");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.Result r = inTime(() -> Cli.run("probe", "--quiet", "--train", fifo.toString(), "--out", tmp.resolve("h.safetensors").toString()));
        assertRefused(r, 3, fifo.toString(), "not a regular file");
    }

    @Test
    void devZeroIsRefusedAsDataCorpusAndWordList() {
        Path zero = Path.of("/dev/zero");
        assertRefused(inTime(() -> Cli.run("probe", "--quiet", "--train", zero.toString(), "--out", tmp.resolve("h.safetensors").toString())),
                3, "/dev/zero", "not a regular file");
        assertRefused(inTime(() -> Cli.run("recall", "--quiet", "--corpus", zero.toString())), 3, "/dev/zero", "not a regular file");
    }

    @Test
    void aDirectoryIsNotADataFile() {
        assertRefused(inTime(() -> Cli.run("probe", "--quiet", "--train", tmp.toString(), "--out", tmp.resolve("h.safetensors").toString())),
                3, tmp.toString(), "is a directory");
    }

    @Test
    void aHugeDataFileCostsOneLineInASmallHeap() throws IOException {
        Path train = tmp.resolve("train.jsonl");
        try (RandomAccessFile f = new RandomAccessFile(train.toFile(), "rw")) {
            f.write("{\"text\": \"".getBytes());
            f.setLength(100L << 20); // one line of 100 MB, sparse on disk
        }
        Cli.Result r = launcher.runWithHeap("256m", "probe", "--quiet", "--train", train.toString(), "--out", tmp.resolve("h.safetensors").toString());
        assertRefused(r, 3, train.toString(), "over embspace's limit");
    }

    @Test
    void aSparseGigabyteMailCostsLittle() throws IOException {
        Path ham = Files.createDirectories(tmp.resolve("ham"));
        Path spam = Files.createDirectories(tmp.resolve("spam"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(ham.resolve(i + ".eml"), "Subject: lunch " + i + "\n\nsee you at noon " + i + "\n");
            Files.writeString(spam.resolve(i + ".eml"), "Subject: offer " + i + "\n\nbuy cheap pills " + i + "\n");
        }
        try (RandomAccessFile f = new RandomAccessFile(spam.resolve("huge.eml").toFile(), "rw")) {
            f.write("Subject: huge\n\nwin money now ".getBytes());
            f.setLength(1536L << 20);
        }
        Cli.Result r = launcher.runWithHeap("256m", "mail-dataset", "--quiet", "--folder", "ham=" + ham, "--folder", "spam=" + spam,
                "--train", tmp.resolve("train.jsonl").toString(), "--test", tmp.resolve("test.jsonl").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().isEmpty(), r::toString);
    }

    @Test
    void aConfigClaimingABillionLayersIsRefusedInLittleMemory() throws IOException {
        for (String layers : new String[]{"1000000000", "2147483647"}) {
            TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2-" + layers));
            Files.writeString(gpt2.config(), Files.readString(gpt2.config()).replaceFirst("\"n_layer\"\\s*:\\s*\\d+", "\"n_layer\": " + layers));
            Cli.Result r = launcher.runWithHeap("256m", "info", "-m", gpt2.dir().toString());
            assertRefused(r, 3, "config.json", "n_layer is " + layers);
        }
    }

    @Test
    void aKBeyondTheGenericCapIsAUsageError() {
        // heads ranks V x V pairs, a count no -k reaches, so only the generic cap applies there
        assertRefused(inTime(() -> Cli.run("heads", "-k", "2000000000")), 2, "-k", "between 1 and");
    }

    @Test
    void aKBeyondTheVocabularyIsClampedToIt() throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String dir = gpt2.dir().toString();
        int vocabulary = 96; // TestModels.gpt2's V
        Cli.Result r = inTime(() -> Cli.run("project", "--format", "json", "--quiet", "-m", dir, "-k", "5000000", "--bottom", "L0.ff.value.0"));
        assertEquals(0, r.code(), r::toString);
        JsonNode result = JSON.readTree(r.out()).get("results").get(0);
        assertEquals(vocabulary, result.get("top").size(), r::toString);
        assertEquals(vocabulary, result.get("bottom").size(), r::toString);
        // --token: k counts units, clamped to the units there are (2 layers of 64 ff.value rows)
        Cli.Result units = inTime(() -> Cli.run("project", "--format", "json", "--quiet", "-m", dir, "-k", "5000000", "--token", gpt2.tokens().get(5)));
        assertEquals(0, units.code(), units::toString);
        assertEquals(2 * 64, JSON.readTree(units.out()).get("units").size(), units::toString);

        // arrays sized from k would take gigabytes; clamped, a small heap is plenty
        Cli.Result neurons = launcher.runWithHeap("256m", "neurons", "--quiet", "-m", dir, "--layer", "0", "--kind", "ff.value", "-k", "5000000");
        assertEquals(0, neurons.code(), neurons::toString);
        assertTrue(neurons.err().isEmpty(), neurons::toString);
        assertEquals(64, neurons.out().lines().count(), neurons::toString);
        Cli.Result heads = launcher.runWithHeap("256m", "heads", "--quiet", "-m", dir, "--layer", "0", "--head", "0", "-k", "1000000");
        assertEquals(0, heads.code(), heads::toString);
        assertTrue(heads.err().isEmpty(), heads::toString);
        Cli.Result svd = launcher.runWithHeap("256m", "heads", "--quiet", "-m", dir, "--layer", "0", "--head", "0", "--svd", "-k", "1000000");
        assertEquals(0, svd.code(), svd::toString);
        assertTrue(svd.err().isEmpty(), svd::toString);
    }

    @Test
    void aHeadWiderThanTheDonorIsRefusedBeforeItsDataIsRead() throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        String dir = gpt2.dir().toString();
        // a weight of 2 x 2^25 F32 is 256 MB of data (sparse on disk): read, it would not fit the heap
        long width = 1L << 25;
        long weightBytes = 2 * width * Float.BYTES;
        String header = "{\"__metadata__\":{\"format\":\"embspace-probe-head\",\"model\":\"m\",\"layer\":\"0\","
                + "\"pooling\":\"mean\",\"labels\":\"[\\\"x\\\",\\\"y\\\"]\"},"
                + "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2," + width + "],\"data_offsets\":[8," + (8 + weightBytes) + "]}}";
        header += " ".repeat((8 - header.length() % 8) % 8);
        Path head = tmp.resolve("wide.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(head.toFile(), "rw")) {
            f.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
            f.write(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            f.setLength(8 + header.length() + 8 + weightBytes);
        }
        Path data = Files.writeString(tmp.resolve("d.jsonl"), "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"y\"}\n");
        Cli.Result r = launcher.runWithHeap("256m", "stitch", "--quiet", "--head", head.toString(), "--donor", dir, "--host", dir,
                "--data", data.toString());
        assertRefused(r, 3, head.toString(), "the head reads " + width + " features but the donor");
    }

    @Test
    void trainAndTestMustDiffer() throws IOException {
        Path data = Files.writeString(tmp.resolve("d.jsonl"), "{\"text\": \"a\", \"label\": \"x\"}\n");
        assertRefused(Cli.run("probe", "--quiet", "--train", data.toString(), "--test", data.toString(),
                "--out", tmp.resolve("h.safetensors").toString()), 2, "--train and --test", data.toString());
    }

    @Test
    void anOutputIsNeverAnInputADirectoryOrADevice() throws Exception {
        Path data = Files.writeString(tmp.resolve("d.jsonl"), "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"y\"}\n");
        String before = Files.readString(data);
        assertRefused(Cli.run("probe", "--quiet", "--train", data.toString(), "--out", data.toString()), 2, "--out", "also an input");
        assertEquals(before, Files.readString(data), "the input is untouched");
        assertRefused(Cli.run("probe", "--quiet", "--train", data.toString(), "--out", tmp.toString()), 2, "--out", "is a directory");
        assertRefused(Cli.run("probe", "--quiet", "--train", data.toString(), "--out", "/dev/null"), 2, "--out /dev/null", "device");
        Path fifo = tmp.resolve("out.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertRefused(inTime(() -> Cli.run("probe", "--quiet", "--train", data.toString(), "--out", fifo.toString())), 2, "--out", "FIFO");
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path weights = gpt2.dir().resolve("model.safetensors");
        long size = Files.size(weights);
        assertRefused(Cli.run("probe", "--quiet", "-m", gpt2.dir().toString(), "--train", data.toString(), "--out", weights.toString()),
                2, "--out", "also an input");
        assertEquals(size, Files.size(weights));
    }

    @Test
    void importOnnxRefusesANonEmptyDirectoryAndABadTokenizerBeforeWork() throws IOException {
        Path onnx = Files.write(tmp.resolve("m.onnx"), new byte[]{0x08, 0x07});
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "precious");
        Path badTokenizer = Files.writeString(tmp.resolve("tok.json"), "{\"model\": 1}");
        assertRefused(Cli.run("import-onnx", onnx.toString(), "--tokenizer", badTokenizer.toString(), "--out", full.toString()),
                2, "--out", "not empty");
        assertEquals("precious", Files.readString(full.resolve("keep.txt")));
        Cli.Result r = Cli.run("import-onnx", onnx.toString(), "--tokenizer", badTokenizer.toString(), "--out", tmp.resolve("new").toString());
        assertRefused(r, 3, badTokenizer.toString(), "model");
        assertFalse(Files.exists(tmp.resolve("new")));
    }
    @Test
    void aBadGlobNamesGlob() throws IOException {
        Path ham = Files.createDirectories(tmp.resolve("ham"));
        Path spam = Files.createDirectories(tmp.resolve("spam"));
        assertRefused(Cli.run("mail-dataset", "--quiet", "--folder", "ham=" + ham, "--folder", "spam=" + spam, "--glob", "[a-",
                "--train", tmp.resolve("a.jsonl").toString(), "--test", tmp.resolve("b.jsonl").toString()), 2, "--glob", "[a-");
    }

    @Test
    void tokenIdsBeyondTheRowsOfENameTheTokenizer() throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path file = gpt2.dir().resolve("tokenizer.json");
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) root.get("model").get("vocab")).put("zzz-one-more", 96); // the test model's E has 96 rows
        Files.writeString(file, JSON.writeValueAsString(root));
        assertRefused(Cli.run("info", "-m", gpt2.dir().toString()), 3, file.toString(), "embedding matrix E has");
    }

    @Test
    void nanWeightsReachingTheMatchingAreBadInput() throws IOException {
        TestCheckpoint gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
        Path weights = gpt2.dir().resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        var header = JSON.readTree(new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8));
        long begin = header.get("h.0.mlp.c_fc.weight").get("data_offsets").get(0).asLong();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat((int) (8 + headerLength + begin), Float.NaN);
        Files.write(weights, bytes);
        Cli.Result r = inTime(() -> Cli.run("align", "--quiet", "-m", gpt2.dir().toString(), "-m", gpt2.dir().toString()));
        assertRefused(r, 3, gpt2.dir().toString(), "NaN");
    }
}
