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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the tokenizer of a model directory (see {@link TokenizerFiles} for which file wins). The
 * two older formats are turned into the pipeline the Hugging Face "fast" tokenizers build from
 * them, so they encode exactly as transformers' GPT2TokenizerFast and BertTokenizerFast do.
 */
public final class Tokenizers {

    /** A tokenizer.json on its own, fully validated (import-onnx reads one before copying it). */
    public static Tokenizer fromTokenizerJson(Path file) {
        return TokenizerJsonReader.read(JsonFile.read(file));
    }

    /** GPT-2's one special token, its end-of-text marker. */
    static final String GPT2_END_OF_TEXT = "<|endoftext|>";
    /** BERT's special tokens, in the order its tokenizer declares them. */
    static final List<String> BERT_SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private Tokenizers() {
    }

    public static Tokenizer load(Path modelDir) {
        return switch (TokenizerFiles.locate(modelDir)) {
            case TokenizerFiles.TokenizerJson(Path file) -> TokenizerJsonReader.read(JsonFile.read(file));
            case TokenizerFiles.VocabAndMerges(Path vocab, Path merges) -> gpt2(vocab, merges);
            case TokenizerFiles.VocabTxt(Path file) -> bert(file, lowercase(modelDir));
            case TokenizerFiles.Gguf(Path file) -> {
                try (GgufFile gguf = GgufFile.open(file)) {
                    yield GgufTokenizers.tokenizer(gguf);
                }
            }
        };
    }

    /** GPT-2: byte-level BPE with GPT-2's regex, no prefix space, and its end-of-text token. */
    static Tokenizer gpt2(Path vocabFile, Path mergesFile) {
        TokenVocabulary vocabulary = Vocabularies.fromVocabJson(vocabFile);
        Map<String, Integer> vocab = modelVocab(vocabulary);
        List<AddedToken> added = new ArrayList<>();
        vocabulary.id(GPT2_END_OF_TEXT).ifPresent(id -> added.add(special(id, GPT2_END_OF_TEXT)));
        Normalizer normalizer = new Normalizer.Identity();
        return new Tokenizer(vocabulary, new AddedVocabulary(added, normalizer),
                new ByteLevelPreTokenizer(false, true),
                new BpeModel(vocabFile, vocab, readMerges(mergesFile), new BpeModel.Options(null, null, null, false, false, false)),
                new PostProcessor.ByteLevel(), null);
    }

    /** BERT: basic tokenization (lowercased and accents stripped if uncased), WordPiece, [CLS] A [SEP]. */
    static Tokenizer bert(Path vocabFile, boolean lowercase) {
        TokenVocabulary vocabulary = Vocabularies.fromVocabTxt(vocabFile);
        List<AddedToken> added = new ArrayList<>();
        for (String special : BERT_SPECIAL_TOKENS) vocabulary.id(special).ifPresent(id -> added.add(special(id, special)));
        Normalizer normalizer = new BertNormalizer(true, true, lowercase, lowercase);
        int cls = vocabulary.id("[CLS]").orElseThrow(() -> new BadInputException(vocabFile, "no [CLS] token"));
        int sep = vocabulary.id("[SEP]").orElseThrow(() -> new BadInputException(vocabFile, "no [SEP] token"));
        return new Tokenizer(vocabulary, new AddedVocabulary(added, normalizer), new BertPreTokenizer(),
                new WordPieceModel(vocabFile, modelVocab(vocabulary), "[UNK]", "##", 100),
                new PostProcessor.Bert(new Token(cls, "[CLS]"), new Token(sep, "[SEP]")), null);
    }

    /** tokenizer_config.json's do_lower_case when present; BERT checkpoints are uncased by default. */
    private static boolean lowercase(Path modelDir) {
        Path config = modelDir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(config)) return true;
        JsonFile json = JsonFile.read(config);
        JsonNode flag = json.root().get("do_lower_case");
        return json.bool(flag, "do_lower_case", true);
    }

    private static AddedToken special(int id, String content) {
        return new AddedToken(id, content, false, false, false, false, true);
    }

    private static Map<String, Integer> modelVocab(TokenVocabulary vocabulary) {
        Map<String, Integer> vocab = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.token(id);
            if (vocabulary.id(token).orElse(-1) == id) vocab.put(token, id);
        }
        return vocab;
    }

    /** merges.txt: an optional "#version" line, then one "left right" pair per line, by rank. */
    static List<String[]> readMerges(Path file) {
        List<String[]> merges = new ArrayList<>();
        UserFiles.requireSize(file, UserFiles.MAX_DATA_BYTES, "the merges file");
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.startsWith("#version")) continue;
                String[] parts = line.split(" ", -1);
                if (parts.length != 2) {
                    throw new BadInputException(file, "line " + lineNumber + ": expected two symbols separated by one space");
                }
                merges.add(parts);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file (GPT-2 style tokenizers need merges.txt beside vocab.json)", e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        return merges;
    }
}
