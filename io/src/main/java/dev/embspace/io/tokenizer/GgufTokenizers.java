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
 * their types (control and user-defined tokens are the added, special ones), and the model:
 * <ul>
 *   <li>"gpt2": byte-level BPE with {@code tokenizer.ggml.merges}, on the same pipeline as GPT-2's
 *       vocab.json and merges.txt;</li>
 *   <li>"llama": SentencePiece BPE with {@code tokenizer.ggml.scores} and byte fallback, built as
 *       Hugging Face converts a SentencePiece model into tokenizer.json: merges of every pair of
 *       pieces that concatenate to a piece, ranked by that piece's score; a '▁' prepended and
 *       spaces replaced by '▁'; {@code <s>} before the text unless add_bos_token is false.</li>
 * </ul>
 * The vocabulary of any model type can be read; encoding text needs a model and pre-tokenizer this
 * build reproduces, so the others are refused by name.
 */
public final class GgufTokenizers {

    private static final String SPACE = "\u2581";
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
        if (model.equals("llama")) return sentencePiece(gguf, vocabulary);
        if (!model.equals("gpt2")) {
            throw md.bad("encoding text with a tokenizer.ggml.model '" + model
                    + "' tokenizer is not supported yet (only 'gpt2' and 'llama'); its vocabulary is read");
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

    private static Tokenizer sentencePiece(GgufFile gguf, TokenVocabulary vocabulary) {
        GgufMetadata md = gguf.metadata();
        double[] scores = md.reals("tokenizer.ggml.scores").orElseThrow(() ->
                md.bad("missing metadata 'tokenizer.ggml.scores' (a llama tokenizer ranks its merges by them)"));
        if (scores.length != vocabulary.size()) {
            throw md.bad("tokenizer.ggml.scores has " + scores.length + " entries for " + vocabulary.size() + " tokens");
        }
        long[] types = md.integers("tokenizer.ggml.token_type").orElse(null);
        Map<String, Integer> vocab = new HashMap<>(vocabulary.size() * 2);
        List<AddedToken> added = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.token(id);
            if (special(types, id)) added.add(new AddedToken(id, token, false, false, false, false, true));
            else vocab.putIfAbsent(token, id);
        }
        String unk = tokenAt(md, vocabulary, "tokenizer.ggml.unknown_token_id", 0);
        List<Normalizer> steps = List.of(new Normalizer.Prepend(SPACE), new Normalizer.Replace(TextPattern.literal(" ", "the llama tokenizer's space replacement"), SPACE));
        Normalizer normalizer = new Normalizer.Sequence(steps);
        PostProcessor post = new PostProcessor.None();
        if (md.bool("tokenizer.ggml.add_bos_token").orElse(true)) {
            int bos = md.integer("tokenizer.ggml.bos_token_id").orElse(1L).intValue();
            Token token = new Token(bos, tokenAt(md, vocabulary, "tokenizer.ggml.bos_token_id", 1));
            post = new TemplateProcessing(List.of(new TemplateProcessing.SpecialPart(List.of(token), 0),
                    new TemplateProcessing.SequencePart(0)));
        }
        return new Tokenizer(vocabulary, new AddedVocabulary(added, normalizer), new PreTokenizer.None(),
                new BpeModel(gguf.source(), vocab, mergesByScore(vocab, scores),
                        new BpeModel.Options(unk, null, null, true, true, false)),
                post, null);
    }

    /**
     * SentencePiece's pieces as BPE merges, as Hugging Face's SentencePieceExtractor makes them: for
     * every piece, each split into two pieces of the vocabulary (ordered by their ids), all ranked by
     * the whole piece's score, highest first, ties in vocabulary order.
     */
    static List<String[]> mergesByScore(Map<String, Integer> vocab, double[] scores) {
        record Merge(String left, String right, double score) {
        }
        List<Merge> merges = new ArrayList<>();
        String[] byId = new String[scores.length];
        vocab.forEach((token, id) -> byId[id] = token);
        for (String piece : byId) {
            if (piece == null) continue;
            List<Merge> local = new ArrayList<>();
            for (int i = piece.offsetByCodePoints(0, 1); i < piece.length(); i = piece.offsetByCodePoints(i, 1)) {
                String left = piece.substring(0, i), right = piece.substring(i);
                if (vocab.containsKey(left) && vocab.containsKey(right)) local.add(new Merge(left, right, scores[vocab.get(piece)]));
            }
            local.sort(java.util.Comparator.comparingInt((Merge m) -> vocab.get(m.left())).thenComparingInt(m -> vocab.get(m.right())));
            merges.addAll(local);
        }
        merges.sort(java.util.Comparator.comparingDouble(Merge::score).reversed());
        List<String[]> pairs = new ArrayList<>(merges.size());
        for (Merge m : merges) pairs.add(new String[] {m.left(), m.right()});
        return pairs;
    }

    private static String tokenAt(GgufMetadata md, TokenVocabulary vocabulary, String key, int fallback) {
        long id = md.integer(key).orElse((long) fallback);
        if (id < 0 || id >= vocabulary.size()) throw md.bad(key + " " + id + " is outside the vocabulary of " + vocabulary.size());
        return vocabulary.token((int) id);
    }

    private static boolean special(long[] types, int id) {
        return types != null && (types[id] == CONTROL || types[id] == USER_DEFINED);
    }
}
