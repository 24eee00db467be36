package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;
import dev.embspace.io.gguf.GgufFile;
import dev.embspace.io.gguf.GgufMetadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tokenizer a GGUF file carries in its {@code tokenizer.ggml.*} metadata: the tokens by id,
 * their types (control and user-defined tokens are the added, special ones), and for
 * {@code tokenizer.ggml.model} "gpt2" the BPE merges, run on the same byte-level pipeline as GPT-2's
 * vocab.json and merges.txt. The vocabulary of any model type can be read; encoding text needs a
 * model and pre-tokenizer this build reproduces exactly, so the others are refused by name.
 */
public final class GgufTokenizers {

    /** tokenizer.ggml.token_type values (llama.cpp's llama_token_type). */
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    /** Pre-tokenizers that split as GPT-2's regex does. */
    private static final Set<String> GPT2_PRE = Set.of("default", "gpt-2", "gpt2");

    private GgufTokenizers() {
    }

    public static TokenVocabulary vocabulary(GgufFile gguf) {
        GgufMetadata md = gguf.metadata();
        String model = md.string("tokenizer.ggml.model").orElseThrow(() ->
                md.bad("no tokenizer in this GGUF file (missing metadata 'tokenizer.ggml.model')"));
        String[] tokens = md.strings("tokenizer.ggml.tokens").orElseThrow(() ->
                md.bad("missing metadata 'tokenizer.ggml.tokens'"));
        long[] types = md.integers("tokenizer.ggml.token_type").orElse(null);
        if (types != null && types.length != tokens.length) {
            throw md.bad("tokenizer.ggml.token_type has " + types.length + " entries for " + tokens.length + " tokens");
        }
        VocabularyBuilder builder = new VocabularyBuilder(gguf.source());
        for (int id = 0; id < tokens.length; id++) {
            if (special(types, id)) builder.added(tokens[id], id);
            else builder.line(tokens[id], id);
        }
        return builder.build(switch (model) {
            case "gpt2" -> TokenStyle.BYTE_LEVEL;
            case "llama", "t5" -> TokenStyle.METASPACE;
            case "bert" -> TokenStyle.WORDPIECE;
            default -> TokenStyle.PLAIN;
        });
    }

    public static Tokenizer tokenizer(GgufFile gguf) {
        GgufMetadata md = gguf.metadata();
        Path file = gguf.source();
        TokenVocabulary vocabulary = vocabulary(gguf);
        String model = md.requireString("tokenizer.ggml.model");
        if (!model.equals("gpt2")) {
            throw md.bad("encoding text with a tokenizer.ggml.model '" + model
                    + "' tokenizer is not supported yet (only 'gpt2', byte-level BPE); its vocabulary is read");
        }
        String pre = md.string("tokenizer.ggml.pre").orElse("default");
        if (!GPT2_PRE.contains(pre)) {
            throw md.bad("encoding text with the '" + pre + "' pre-tokenizer is not supported yet (only GPT-2's); "
                    + "its vocabulary is read");
        }
        long[] types = md.integers("tokenizer.ggml.token_type").orElse(null);
        Map<String, Integer> vocab = new HashMap<>(vocabulary.size() * 2);
        List<AddedToken> added = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.token(id);
            if (special(types, id)) added.add(new AddedToken(id, token, false, false, false, false, true));
            else if (vocabulary.id(token).orElse(-1) == id) vocab.put(token, id);
        }
        String[] mergeLines = md.strings("tokenizer.ggml.merges").orElseThrow(() ->
                md.bad("missing metadata 'tokenizer.ggml.merges' (a gpt2 tokenizer needs its merges)"));
        List<String[]> merges = new ArrayList<>(mergeLines.length);
        for (int i = 0; i < mergeLines.length; i++) {
            String[] pair = mergeLines[i].split(" ", -1);
            if (pair.length != 2) {
                throw new BadInputException(file, "tokenizer.ggml.merges[" + i + "] is not two symbols separated by one space");
            }
            merges.add(pair);
        }
        return new Tokenizer(vocabulary, new AddedVocabulary(added, new Normalizer.Identity()),
                new ByteLevelPreTokenizer(false, true),
                new BpeModel(file, vocab, merges, new BpeModel.Options(null, null, null, false, false, false)),
                new PostProcessor.ByteLevel(), null);
    }

    private static boolean special(long[] types, int id) {
        return types != null && (types[id] == CONTROL || types[id] == USER_DEFINED);
    }
}
