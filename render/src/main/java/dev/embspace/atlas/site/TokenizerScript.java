package dev.embspace.atlas.site;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.vocab.Vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the search page needs to tokenize text as the model does: the vocabulary
 * ({@code data/vocab.js}: the stored strings, and the readable ones where they differ) and the
 * tokenizer's settings ({@code data/tokenizer.js}) for assets/tokenizer.js, which implements the two
 * pipelines the embedded and common models use: BERT's WordPiece and GPT-2's byte-level BPE.
 * Anything else gets {@code "exact"}: the typed text is looked up as one vocabulary item.
 */
public final class TokenizerScript {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerScript() {
    }

    public static void vocabulary(Path site, Vocabulary vocabulary) throws IOException {
        boolean differ = false;
        for (int id = 0; id < vocabulary.size() && !differ; id++) differ = !vocabulary.token(id).equals(vocabulary.readable(id));
        try (ScriptData data = ScriptData.create(site.resolve("data/vocab.js"), "vocab")) {
            JsonGenerator json = data.json();
            json.writeStartObject();
            json.writeArrayFieldStart("tokens");
            for (int id = 0; id < vocabulary.size(); id++) json.writeString(vocabulary.token(id));
            json.writeEndArray();
            if (differ) {
                json.writeArrayFieldStart("readable");
                for (int id = 0; id < vocabulary.size(); id++) json.writeString(vocabulary.readable(id));
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    /** Writes data/tokenizer.js for the model in {@code modelDir}; returns the pipeline's name for the page. */
    public static String tokenizer(Path site, Path modelDir) throws IOException {
        JsonNode spec = spec(modelDir);
        try (ScriptData data = ScriptData.create(site.resolve("data/tokenizer.js"), "tokenizer")) {
            MAPPER.writeTree(data.json(), spec);
        }
        return switch (spec.path("type").asText()) {
            case "wordpiece" -> "BERT WordPiece";
            case "bpe" -> "byte-level BPE";
            default -> "whole text as one vocabulary item";
        };
    }

    private static JsonNode spec(Path dir) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) return fromTokenizerJson(MAPPER.readTree(json.toFile()));
        if (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt"))) {
            // GPT-2's own files: byte-level BPE, no prefix space, no special tokens added
            var spec = MAPPER.createObjectNode().put("type", "bpe").put("addPrefixSpace", false);
            var merges = spec.putArray("merges");
            for (String line : Files.readAllLines(dir.resolve("merges.txt"))) {
                if (!line.isBlank() && !line.startsWith("#version")) merges.add(line);
            }
            spec.putArray("prefix");
            spec.putArray("suffix");
            return spec;
        }
        // vocab.txt: BERT's defaults (uncased)
        var spec = MAPPER.createObjectNode().put("type", "wordpiece").put("unk", "[UNK]").put("continuing", "##")
                .put("maxChars", 100).put("lowercase", true).put("stripAccents", true).put("chinese", true).put("clean", true);
        spec.putArray("prefix").add("[CLS]");
        spec.putArray("suffix").add("[SEP]");
        return spec;
    }

    private static JsonNode fromTokenizerJson(JsonNode root) {
        JsonNode model = root.path("model");
        String type = model.path("type").asText(model.has("merges") ? "BPE" : model.has("continuing_subword_prefix") ? "WordPiece" : "");
        var spec = MAPPER.createObjectNode();
        JsonNode normalizer = root.path("normalizer");
        if (type.equals("WordPiece") && normalizer.path("type").asText().equals("BertNormalizer")
                && root.path("pre_tokenizer").path("type").asText().equals("BertPreTokenizer")) {
            boolean lowercase = normalizer.path("lowercase").asBoolean(true);
            JsonNode strip = normalizer.path("strip_accents");
            spec.put("type", "wordpiece").put("unk", model.path("unk_token").asText("[UNK]"))
                    .put("continuing", model.path("continuing_subword_prefix").asText("##"))
                    .put("maxChars", model.path("max_input_chars_per_word").asInt(100))
                    .put("lowercase", lowercase).put("stripAccents", strip.isNull() || strip.isMissingNode() ? lowercase : strip.asBoolean())
                    .put("chinese", normalizer.path("handle_chinese_chars").asBoolean(true))
                    .put("clean", normalizer.path("clean_text").asBoolean(true));
        } else if (type.equals("BPE") && byteLevel(root.path("pre_tokenizer")) && (normalizer.isNull() || normalizer.isMissingNode())) {
            spec.put("type", "bpe").put("addPrefixSpace", addPrefixSpace(root.path("pre_tokenizer")));
            var merges = spec.putArray("merges");
            for (JsonNode m : model.path("merges")) merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        } else {
            spec.put("type", "exact");
        }
        List<String> prefix = new ArrayList<>(), suffix = new ArrayList<>();
        specials(root.path("post_processor"), prefix, suffix);
        prefix.forEach(spec.putArray("prefix")::add);
        suffix.forEach(spec.putArray("suffix")::add);
        return spec;
    }

    private static boolean byteLevel(JsonNode pre) {
        if (pre.path("type").asText().equals("ByteLevel")) return true;
        for (JsonNode p : pre.path("pretokenizers")) if (byteLevel(p)) return true;
        return false;
    }

    private static boolean addPrefixSpace(JsonNode pre) {
        if (pre.path("type").asText().equals("ByteLevel")) return pre.path("add_prefix_space").asBoolean(false);
        for (JsonNode p : pre.path("pretokenizers")) if (byteLevel(p)) return addPrefixSpace(p);
        return false;
    }

    /** The special tokens the post-processor puts around a single sequence. */
    private static void specials(JsonNode post, List<String> prefix, List<String> suffix) {
        switch (post.path("type").asText()) {
            case "TemplateProcessing" -> {
                boolean seen = false;
                for (JsonNode piece : post.path("single")) {
                    if (piece.has("Sequence")) {
                        seen = true;
                    } else if (piece.has("SpecialToken")) {
                        String id = piece.path("SpecialToken").path("id").asText();
                        JsonNode tokens = post.path("special_tokens").path(id).path("tokens");
                        List<String> side = seen ? suffix : prefix;
                        if (tokens.isArray() && !tokens.isEmpty()) tokens.forEach(t -> side.add(t.asText()));
                        else side.add(id);
                    }
                }
            }
            case "BertProcessing", "RobertaProcessing" -> {
                prefix.add(post.path("cls").path(0).asText());
                suffix.add(post.path("sep").path(0).asText());
            }
            case "Sequence" -> {
                for (JsonNode p : post.path("processors")) specials(p, prefix, suffix);
            }
            default -> {
            }
        }
    }
}
