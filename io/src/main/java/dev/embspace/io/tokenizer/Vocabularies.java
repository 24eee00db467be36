package dev.embspace.io.tokenizer;

import dev.embspace.io.UserFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.io.gguf.GgufFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a model's vocabulary from whichever tokenizer file its directory holds (see
 * {@link TokenizerFiles}): id to token and back, and each token's readable form.
 */
public final class Vocabularies {

    private Vocabularies() {
    }

    /** The vocabulary of the model in {@code modelDir}. */
    /** The file the vocabulary of {@code modelDir} is read from, for errors. */
    public static Path file(Path modelDir) {
        return TokenizerFiles.locate(modelDir).vocabularyFile();
    }

    public static TokenVocabulary load(Path modelDir) {
        return parse(TokenizerFiles.locate(modelDir));
    }

    /**
     * The vocabulary of a model embspace keeps in its own cache: read from the compact copy beside
     * the tokenizer file ({@link CompactVocabulary}), made on the first load. Not for the user's own
     * directories, which embspace does not write into.
     */
    public static TokenVocabulary loadCached(Path modelDir) {
        TokenizerFiles files = TokenizerFiles.locate(modelDir);
        Path source = switch (files) {
            case TokenizerFiles.TokenizerJson(Path file) -> file;
            case TokenizerFiles.VocabAndMerges(Path vocab, Path merges) -> vocab;
            case TokenizerFiles.VocabTxt(Path file) -> file;
            case TokenizerFiles.Gguf(Path file) -> null; // the vocabulary is read from the file's own header
        };
        if (source == null) return parse(files);
        Path compact = modelDir.resolve(CompactVocabulary.FILE);
        TokenVocabulary vocabulary = CompactVocabulary.read(compact, source);
        if (vocabulary == null) {
            vocabulary = parse(files);
            CompactVocabulary.write(compact, source, vocabulary);
        }
        return vocabulary;
    }

    private static TokenVocabulary parse(TokenizerFiles files) {
        return switch (files) {
            case TokenizerFiles.TokenizerJson(Path file) -> fromTokenizerJson(JsonFile.read(file));
            case TokenizerFiles.VocabAndMerges(Path vocab, Path merges) -> fromVocabJson(vocab);
            case TokenizerFiles.VocabTxt(Path file) -> fromVocabTxt(file);
            case TokenizerFiles.Gguf(Path file) -> {
                try (GgufFile gguf = GgufFile.open(file)) {
                    yield GgufTokenizers.vocabulary(gguf);
                }
            }
        };
    }

    /** The model's tokens and the added tokens of a parsed tokenizer.json. */
    static TokenVocabulary fromTokenizerJson(JsonFile json) {
        JsonNode model = json.object(json.root().get("model"), "model");
        ModelType type = ModelType.of(json, model);
        VocabularyBuilder builder = new VocabularyBuilder(json.path());
        if (type == ModelType.UNIGRAM) {
            JsonNode vocab = json.array(model.get("vocab"), "model.vocab");
            for (int id = 0; id < vocab.size(); id++) {
                String where = "model.vocab[" + id + "]";
                JsonNode entry = json.array(vocab.get(id), where);
                builder.model(json.text(entry.get(0), where + "[0]"), id);
            }
        } else {
            JsonNode vocab = json.object(model.get("vocab"), "model.vocab");
            for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
                builder.model(entry.getKey(), json.integer(entry.getValue(), "model.vocab[\"" + entry.getKey() + "\"]"));
            }
        }
        for (AddedToken token : AddedToken.readAll(json)) builder.added(token.content(), token.id());
        return builder.build(styleOf(json, type));
    }

    /** GPT-2's vocab.json: an object from byte-level token to id. */
    static TokenVocabulary fromVocabJson(Path file) {
        JsonFile json = JsonFile.read(file);
        JsonNode vocab = json.object(json.root(), "top level");
        VocabularyBuilder builder = new VocabularyBuilder(file);
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            builder.model(entry.getKey(), json.integer(entry.getValue(), "\"" + entry.getKey() + "\""));
        }
        return builder.build(TokenStyle.BYTE_LEVEL);
    }

    /** BERT's vocab.txt: one token per line, the id is the line number from 0. */
    static TokenVocabulary fromVocabTxt(Path file) {
        VocabularyBuilder builder = new VocabularyBuilder(file);
        UserFiles.requireSize(file, UserFiles.MAX_DATA_BYTES, "the vocabulary file");
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int id = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                // The library's reader trims trailing White_Space (a CRLF file's '\r' included).
                builder.line(UnicodeClasses.stripTrailingWhitespace(line), id++);
            }
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        return builder.build(TokenStyle.WORDPIECE);
    }

    /**
     * How a tokenizer.json writes its tokens: WordPiece is plain text; otherwise a ByteLevel
     * pre-tokenizer or decoder means GPT-2 bytes, and a Metaspace one (or a normalizer or decoder
     * that swaps spaces for '▁', as Llama's does) means SentencePiece.
     */
    private static TokenStyle styleOf(JsonFile json, ModelType type) {
        if (type == ModelType.WORDPIECE) return TokenStyle.WORDPIECE;
        JsonNode root = json.root();
        for (String component : new String[] {"pre_tokenizer", "decoder", "normalizer"}) {
            JsonNode node = root.get(component);
            if (node == null || node.isNull()) continue;
            if (mentions(node, "ByteLevel")) return TokenStyle.BYTE_LEVEL;
        }
        for (String component : new String[] {"pre_tokenizer", "decoder", "normalizer"}) {
            JsonNode node = root.get(component);
            if (node == null || node.isNull()) continue;
            if (mentions(node, "Metaspace") || mentions(node, String.valueOf(TokenStyle.METASPACE_CHAR))) {
                return TokenStyle.METASPACE;
            }
        }
        return type == ModelType.UNIGRAM ? TokenStyle.METASPACE : TokenStyle.PLAIN;
    }

    /** True when some string value anywhere under {@code node} equals {@code text}. */
    private static boolean mentions(JsonNode node, String text) {
        if (node.isTextual()) return node.textValue().equals(text);
        for (JsonNode child : node) {
            if (mentions(child, text)) return true;
        }
        return false;
    }
}
