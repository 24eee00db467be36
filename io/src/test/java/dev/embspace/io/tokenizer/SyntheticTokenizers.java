package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tokenizer.json files for the pipeline components the three real tokenizers and GPT-2 do not
 * use (SentencePiece-style BPE with byte fallback, Metaspace, regex Split, Digits, Replace,
 * Prepend, Strip, NFC/NFKC, WordLevel, Roberta and template post-processors, added-token options,
 * left truncation), built on the real vocabularies so they tokenize real text realistically.
 * Each is a configuration the Hugging Face library reads; the parity test runs both on it.
 */
final class SyntheticTokenizers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPACE_MARK = "\u2581";

    private SyntheticTokenizers() {
    }

    /**
     * Llama 2's layout: Prepend '▁' and Replace ' ' by '▁' as normalizers, no pre-tokenizer, BPE
     * with byte fallback and fused unknowns, "&lt;s&gt; $A". The vocabulary is GPT-2's, respelled
     * as SentencePiece text (tokens that are not whole UTF-8 dropped), plus the 256 byte tokens.
     */
    static ObjectNode llamaStyle(Path gpt2Json) {
        ObjectNode root = base();
        ArrayNode added = root.putArray("added_tokens");
        added(added, 0, "<unk>", true, false, false, false, false);
        added(added, 1, "<s>", true, false, false, false, false);
        added(added, 2, "</s>", true, false, false, false, false);
        ArrayNode normalizers = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", SPACE_MARK);
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", SPACE_MARK);
        root.set("post_processor", prefixTemplate("<s>", 1));
        ObjectNode model = sentencePieceBpe(gpt2Json);
        model.put("byte_fallback", true).put("fuse_unk", true).put("unk_token", "<unk>");
        root.set("model", model);
        return root;
    }

    /**
     * A Metaspace pre-tokenizer that prepends '▁' to the first piece only, BPE without byte
     * fallback (unknown characters become &lt;unk&gt; one by one), Roberta's "&lt;s&gt; $A &lt;/s&gt;",
     * added tokens with lstrip and a normalized multi-word one, and truncation keeping the end.
     */
    static ObjectNode metaspaceStyle(Path gpt2Json) {
        ObjectNode root = base();
        ObjectNode truncation = root.putObject("truncation");
        truncation.put("direction", "Left").put("max_length", 24).put("strategy", "LongestFirst").put("stride", 0);
        ArrayNode added = root.putArray("added_tokens");
        added(added, 0, "<unk>", true, false, false, false, false);
        added(added, 1, "<s>", true, false, false, false, false);
        added(added, 2, "</s>", true, false, false, false, false);
        ObjectNode model = sentencePieceBpe(gpt2Json);
        model.put("unk_token", "<unk>");
        // Added tokens outside the model vocabulary take the next ids, as the library assigns them.
        int next = model.get("vocab").size();
        added(added, next, "<mask>", true, false, true, false, false);
        added(added, next + 1, "the jury", false, false, false, false, true);
        root.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", SPACE_MARK)
                .put("prepend_scheme", "first").put("split", true);
        ObjectNode post = root.putObject("post_processor").put("type", "RobertaProcessing");
        post.set("sep", JSON.createArrayNode().add("</s>").add(2));
        post.set("cls", JSON.createArrayNode().add("<s>").add(1));
        post.put("trim_offsets", true).put("add_prefix_space", true);
        root.set("model", model);
        return root;
    }

    /**
     * GPT-4 and Llama 3's layout: NFC, a regex Split with the cl100k pattern then ByteLevel without
     * its own regex, BPE with ignore_merges, and ByteLevel + template processors in a Sequence.
     */
    static ObjectNode regexSplitStyle(Path gpt2Json) {
        ObjectNode root = base();
        ArrayNode added = root.putArray("added_tokens");
        added(added, 50256, "<|endoftext|>", true, false, false, false, false);
        root.putObject("normalizer").put("type", "NFC");
        ArrayNode stages = root.putObject("pre_tokenizer").put("type", "Sequence").putArray("pretokenizers");
        ObjectNode split = stages.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");
        split.put("behavior", "Isolated").put("invert", false);
        stages.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", false);
        ArrayNode processors = root.putObject("post_processor").put("type", "Sequence").putArray("processors");
        processors.addObject().put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", false).put("use_regex", true);
        processors.add(prefixTemplate("<|endoftext|>", 50256));
        ObjectNode model = (ObjectNode) read(gpt2Json).get("model").deepCopy();
        model.put("ignore_merges", true);
        root.set("model", model);
        return root;
    }

    /**
     * WordPiece behind separate NFD, Lowercase, StripAccents, Strip and regex Replace normalizers;
     * Whitespace, Punctuation and individual Digits pre-tokenizers; short words only; added
     * tokens with strip, single-word and normalized matching; BertProcessing; truncation at 40.
     */
    static ObjectNode wordPieceStyle(Path bertJson) {
        ObjectNode root = base();
        root.putObject("truncation").put("direction", "Right").put("max_length", 40).put("strategy", "LongestFirst").put("stride", 0);
        ObjectNode bert = read(bertJson);
        ArrayNode added = root.putArray("added_tokens");
        for (JsonNode token : bert.get("added_tokens")) {
            if (!token.get("content").textValue().equals("[MASK]")) added.add(token.deepCopy());
        }
        added(added, 103, "[MASK]", true, false, true, true, false);
        // "county" is a model token, so it keeps the model's id; "Grand Jury" gets the next free one.
        added(added, bert.get("model").get("vocab").get("county").intValue(), "county", false, true, false, false, true);
        added(added, bert.get("model").get("vocab").size(), "Grand Jury", false, false, false, true, true);
        ArrayNode normalizers = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        normalizers.addObject().put("type", "NFD");
        normalizers.addObject().put("type", "Lowercase");
        normalizers.addObject().put("type", "StripAccents");
        normalizers.addObject().put("type", "Strip").put("strip_left", true).put("strip_right", true);
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("Regex", "\\s*\\d{4}\\s*");
        replace.put("content", " year ");
        ArrayNode stages = root.putObject("pre_tokenizer").put("type", "Sequence").putArray("pretokenizers");
        stages.addObject().put("type", "Whitespace");
        stages.addObject().put("type", "Punctuation").put("behavior", "Isolated");
        stages.addObject().put("type", "Digits").put("individual_digits", true);
        ObjectNode post = root.putObject("post_processor").put("type", "BertProcessing");
        post.set("sep", JSON.createArrayNode().add("[SEP]").add(102));
        post.set("cls", JSON.createArrayNode().add("[CLS]").add(101));
        ObjectNode model = (ObjectNode) bert.get("model").deepCopy();
        model.put("max_input_chars_per_word", 12);
        root.set("model", model);
        return root;
    }

    /**
     * A whole-word vocabulary (BERT's words without continuations) behind NFKC and Lowercase,
     * with a Sequence of splits that exercises every split behaviour, and no post-processor.
     */
    static ObjectNode wordLevelStyle(Path bertJson) {
        ObjectNode root = base();
        root.putArray("added_tokens");
        ArrayNode normalizers = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        normalizers.addObject().put("type", "NFKC");
        normalizers.addObject().put("type", "Lowercase");
        ArrayNode stages = root.putObject("pre_tokenizer").put("type", "Sequence").putArray("pretokenizers");
        stages.addObject().put("type", "CharDelimiterSplit").put("delimiter", " ");
        split(stages, "String", ",", "MergedWithPrevious", false);
        split(stages, "Regex", "[.!?]", "Contiguous", false);
        split(stages, "String", "-", "MergedWithNext", false);
        split(stages, "Regex", "\\d+", "Isolated", false);
        split(stages, "Regex", "[;:]", "Removed", false);
        stages.addObject().put("type", "WhitespaceSplit");
        ObjectNode model = root.putObject("model").put("type", "WordLevel").put("unk_token", "[UNK]");
        ObjectNode vocab = model.putObject("vocab");
        for (Map.Entry<String, JsonNode> entry : read(bertJson).get("model").get("vocab").properties()) {
            if (!entry.getKey().startsWith("##")) vocab.put(entry.getKey(), entry.getValue().intValue());
        }
        return root;
    }

    /** A TemplateProcessing that puts one special token before the sequence: "TOKEN $A". */
    static ObjectNode prefixTemplate(String token, int id) {
        ObjectNode template = JSON.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = template.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", token).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        template.putArray("pair");
        ObjectNode special = template.putObject("special_tokens").putObject(token).put("id", token);
        special.set("ids", JSON.createArrayNode().add(id));
        special.set("tokens", JSON.createArrayNode().add(token));
        return template;
    }

    /** Writes {@code tokenizer} as {@code dir/tokenizer.json} and returns the directory. */
    static Path write(Path dir, ObjectNode tokenizer) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(TokenizerFiles.TOKENIZER_JSON).toFile(), tokenizer);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * GPT-2's BPE respelled as SentencePiece: each token's bytes decoded as text with spaces as
     * '▁' (tokens that are fragments of characters dropped, with the merges that use them); ids 0..2
     * are &lt;unk&gt; &lt;s&gt; &lt;/s&gt; and 3..258 the byte tokens &lt;0x00&gt;..&lt;0xFF&gt;.
     */
    private static ObjectNode sentencePieceBpe(Path gpt2Json) {
        JsonNode gpt2 = read(gpt2Json).get("model");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String special : List.of("<unk>", "<s>", "</s>")) vocab.put(special, vocab.size());
        for (int b = 0; b < 256; b++) vocab.put(String.format("<0x%02X>", b), vocab.size());
        Map<String, String> respelled = new LinkedHashMap<>();
        for (Iterator<String> it = gpt2.get("vocab").fieldNames(); it.hasNext(); ) {
            String token = it.next();
            String text = asText(token);
            if (text == null || text.isEmpty() || token.equals("<|endoftext|>")) continue;
            respelled.put(token, text.replace(" ", SPACE_MARK));
            vocab.putIfAbsent(respelled.get(token), vocab.size());
        }
        ObjectNode model = JSON.createObjectNode().put("type", "BPE");
        model.putNull("dropout");
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.forEach(vocabNode::put);
        ArrayNode merges = model.putArray("merges");
        for (JsonNode merge : gpt2.get("merges")) {
            String[] pair = merge.textValue().split(" ");
            String left = respelled.get(pair[0]);
            String right = respelled.get(pair[1]);
            if (left != null && right != null && vocab.containsKey(left + right)) merges.add(JSON.createArrayNode().add(left).add(right));
        }
        return model;
    }

    /** A byte-level token as text, or null when its bytes are not whole UTF-8 characters. */
    private static String asText(String byteLevelToken) {
        if (!ByteLevelAlphabet.isEncoded(byteLevelToken)) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(ByteLevelAlphabet.decode(byteLevelToken))).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void split(ArrayNode stages, String kind, String pattern, String behavior, boolean invert) {
        ObjectNode split = stages.addObject().put("type", "Split");
        split.putObject("pattern").put(kind, pattern);
        split.put("behavior", behavior).put("invert", invert);
    }

    static void added(ArrayNode added, int id, String content, boolean special, boolean singleWord,
                              boolean lstrip, boolean rstrip, boolean normalized) {
        added.addObject().put("id", id).put("content", content).put("single_word", singleWord).put("lstrip", lstrip)
                .put("rstrip", rstrip).put("normalized", normalized).put("special", special);
    }

    static ObjectNode base() {
        ObjectNode root = JSON.createObjectNode().put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putNull("normalizer");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        root.putNull("decoder");
        return root;
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
