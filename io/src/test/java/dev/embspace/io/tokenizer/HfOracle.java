package dev.embspace.io.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hugging Face tokenizers library itself (its Rust core, through DJL's JNI binding) as the
 * reference our tokenizer must match. Test scope only. DJL runs offline: the native library comes
 * out of the jar into target/, never from the network.
 */
final class HfOracle implements AutoCloseable {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_CACHE_DIR", Paths.get("target", "djl").toAbsolutePath().toString());
    }

    private final HuggingFaceTokenizer tokenizer;

    /**
     * The tokenizer.json at {@code file} as the library reads it: its own truncation and no padding.
     * DJL's defaults differ (it pads a batch to its longest text and, when the file sets no
     * truncation, truncates to 512), so both are stated.
     */
    HfOracle(Path file) {
        try {
            boolean truncates = !JsonFile.read(file).root().path("truncation").isNull()
                    && !JsonFile.read(file).root().path("truncation").isMissingNode();
            Map<String, String> options = truncates ? Map.of("padding", "false") : Map.of("padding", "false", "truncation", "false");
            tokenizer = HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Results by tokenizer file content and texts: the real e5 and bge files are byte-identical. */
    private static final Map<String, List<Result>> CACHE = new ConcurrentHashMap<>();

    /** The library's encodings of {@code texts} with the tokenizer.json at {@code file}, computed once per JVM. */
    static List<Result> encode(Path file, List<String> texts) {
        String key;
        try {
            key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)))
                    + "/" + texts.size() + "/" + texts.hashCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return CACHE.computeIfAbsent(key, k -> {
            try (HfOracle oracle = new HfOracle(file)) {
                return oracle.encode(texts);
            }
        });
    }

    /** The encodings of {@code texts}, as ids and tokens, special tokens added. */
    List<Result> encode(List<String> texts) {
        List<Result> out = new ArrayList<>(texts.size());
        for (ai.djl.huggingface.tokenizers.Encoding e : tokenizer.batchEncode(texts)) {
            out.add(new Result(Arrays.stream(e.getIds()).mapToInt(Math::toIntExact).toArray(), List.of(e.getTokens()),
                    Arrays.stream(e.getTypeIds()).mapToInt(Math::toIntExact).toArray()));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    record Result(int[] ids, List<String> tokens, int[] typeIds) {
    }
}
