package dev.embspace.io.testmodels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Vocabularies for the test checkpoints, of exactly the model's vocab size, written in the file
 * formats the families ship: {@code tokenizer.json} with a byte-level BPE model (GPT-2, GPT-NeoX),
 * a SentencePiece-style BPE model (Llama), and BERT's {@code vocab.txt}. The tokens are real words
 * so that projections print something a reader can follow; there are no merges, since these
 * vocabularies exist to name ids, not to encode text.
 */
final class TestTokenizers {

    private static final String[] WORDS = {
            "the", "of", "and", "to", "in", "is", "it", "that", "was", "for", "on", "are", "with", "as",
            "his", "they", "be", "at", "one", "have", "this", "from", "or", "had", "by", "hot", "word",
            "but", "what", "some", "we", "can", "out", "other", "were", "all", "there", "when", "up", "use",
            "your", "how", "said", "an", "each", "she", "which", "do", "their", "time", "if", "will", "way",
            "about", "many", "then", "them", "write", "would", "like", "so", "these", "her", "long"};

    private TestTokenizers() {
    }

    /** GPT-2 style: words with and without the leading-space marker Ġ, then {@code <|endoftext|>} last. */
    static List<String> byteLevel(int vocab) {
        List<String> tokens = new ArrayList<>(vocab);
        for (int i = 0; tokens.size() < vocab - 1; i++) {
            tokens.add(i % 2 == 0 ? word(i / 2) : "\u0120" + word(i / 2));
        }
        tokens.add("<|endoftext|>");
        return tokens;
    }

    /** Llama style: {@code <unk>, <s>, </s>}, then words with and without the word-start marker ▁. */
    static List<String> sentencePiece(int vocab) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int i = 0; tokens.size() < vocab; i++) {
            tokens.add(i % 2 == 0 ? "\u2581" + word(i / 2) : word(i / 2));
        }
        return tokens;
    }

    /** BERT style: the five special tokens, then words and ##-continuations. */
    static List<String> wordPiece(int vocab) {
        List<String> tokens = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = 0; tokens.size() < vocab; i++) {
            tokens.add(i % 2 == 0 ? word(i / 2) : "##" + word(i / 2));
        }
        return tokens;
    }

    static void writeVocabTxt(Path dir, List<String> tokens) throws IOException {
        AtomicFiles.writeString(dir.resolve("vocab.txt"), String.join("\n", tokens) + "\n");
    }

    /**
     * A {@code tokenizer.json} with a BPE model over {@code tokens}; {@code special} tokens are also
     * listed as added tokens, as the tokenizers library saves them.
     *
     * @param byteLevel GPT-2's byte-level pre-tokenizer and decoder, else SentencePiece's ▁ convention
     */
    static void writeTokenizerJson(Path dir, List<String> tokens, Set<String> special, boolean byteLevel) throws IOException {
        ObjectNode root = CheckpointBuilder.object();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < tokens.size(); id++) {
            if (!special.contains(tokens.get(id))) continue;
            added.addObject().put("id", id).put("content", tokens.get(id)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        if (byteLevel) {
            root.putNull("normalizer");
            root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                    .put("trim_offsets", true).put("use_regex", true);
            root.putNull("post_processor");
            root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                    .put("trim_offsets", true).put("use_regex", true);
        } else {
            ArrayNode normalizers = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
            normalizers.addObject().put("type", "Prepend").put("prepend", "\u2581");
            normalizers.addObject().put("type", "Replace").put("content", "\u2581")
                    .putObject("pattern").put("String", " ");
            root.putNull("pre_tokenizer");
            root.putNull("post_processor");
            ArrayNode decoders = root.putObject("decoder").put("type", "Sequence").putArray("decoders");
            decoders.addObject().put("type", "Replace").put("content", " ").putObject("pattern").put("String", "\u2581");
            decoders.addObject().put("type", "ByteFallback");
            decoders.addObject().put("type", "Fuse");
            decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        }
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        if (byteLevel) model.putNull("unk_token");
        else model.put("unk_token", "<unk>");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", !byteLevel);
        model.put("byte_fallback", !byteLevel);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < tokens.size(); id++) vocab.put(tokens.get(id), id);
        model.putArray("merges");
        CheckpointBuilder.writeJson(dir.resolve("tokenizer.json"), root);
    }

    private static String word(int i) {
        // Past the word list, numbered variants keep every token distinct.
        return i < WORDS.length ? WORDS[i] : WORDS[i % WORDS.length] + (i / WORDS.length);
    }
}
