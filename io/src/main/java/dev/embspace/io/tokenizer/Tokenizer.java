package dev.embspace.io.tokenizer;

import dev.embspace.engine.parallel.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * Text to token ids, faithful to the Hugging Face tokenizers library. The pipeline, in the
 * library's order: added tokens are cut out of the input ({@link AddedVocabulary}), the rest is
 * normalized ({@link Normalizer}) and split into pieces ({@link PreTokenizer}), each piece is
 * tokenized by the model ({@link TokenModel}), the sequence is truncated ({@link Truncation}) and
 * wrapped in special tokens ({@link PostProcessor}). Immutable and safe to share between threads.
 *
 * <p>Input is any Java string. The library accepts only valid Unicode, so an unpaired surrogate
 * (possible in a Java string, impossible in UTF-8) is first replaced by U+FFFD, the replacement
 * character, one for each surrogate.
 */
public final class Tokenizer {

    private final TokenVocabulary vocabulary;
    private final AddedVocabulary added;
    private final PreTokenizer preTokenizer;
    private final TokenModel model;
    private final PostProcessor postProcessor;
    private final Truncation truncation;

    Tokenizer(TokenVocabulary vocabulary, AddedVocabulary added, PreTokenizer preTokenizer, TokenModel model,
              PostProcessor postProcessor, Truncation truncation) {
        this.vocabulary = vocabulary;
        this.added = added;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.truncation = truncation;
    }

    /**
     * The longest text encoded: far beyond any model's context (a million characters is a quarter
     * of a million tokens or more), so nothing real is cut, while a 100 MB line costs bounded work.
     */
    public static final int MAX_TEXT_CHARS = 1 << 20;

    /** The token ids of {@code text} (its first {@link #MAX_TEXT_CHARS}), with the special tokens the model expects. */
    public Encoding encode(String text) {
        if (text.length() > MAX_TEXT_CHARS) {
            int end = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
            text = text.substring(0, end);
        }
        List<Token> tokens = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        for (AddedVocabulary.Segment segment : added.extract(replaceUnpairedSurrogates(text))) {
            switch (segment) {
                case AddedVocabulary.Matched(Token token) -> tokens.add(token);
                case AddedVocabulary.Text(Piece piece) -> {
                    pieces.clear();
                    preTokenizer.preTokenize(piece, pieces);
                    for (Piece word : pieces) model.tokenize(word.text(), tokens);
                }
            }
        }
        if (truncation != null) tokens = truncation.apply(tokens, postProcessor.addedTokens());
        return postProcessor.process(Encoding.of(tokens));
    }

    /** {@link #encode} of every text, in parallel on the engine's pool; results in input order. */
    public List<Encoding> encodeBatch(List<String> texts) {
        Encoding[] out = new Encoding[texts.size()];
        int chunk = 64;
        int chunks = (texts.size() + chunk - 1) / chunk;
        Parallel.forRange(chunks, c -> {
            for (int i = c * chunk; i < Math.min(texts.size(), (c + 1) * chunk); i++) out[i] = encode(texts.get(i));
        });
        return List.of(out);
    }

    /** The vocabulary the ids index. */
    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    /** The truncation the tokenizer file asks for, or null for none. */
    public Truncation truncation() {
        return truncation;
    }

    /**
     * This tokenizer cutting sequences to at most {@code maxLength} tokens, special tokens included
     * (for instance the model's max_position_embeddings), keeping the first ones.
     */
    public Tokenizer withMaxLength(int maxLength) {
        return new Tokenizer(vocabulary, added, preTokenizer, model, postProcessor, new Truncation(maxLength, false));
    }

    /** This tokenizer without truncation. */
    public Tokenizer withoutTruncation() {
        return new Tokenizer(vocabulary, added, preTokenizer, model, postProcessor, null);
    }

    static String replaceUnpairedSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
            if (!paired && out == null) out = new StringBuilder(text.length()).append(text, 0, i);
            if (out != null) out.append(paired ? c : '\uFFFD');
        }
        return out == null ? text : out.toString();
    }
}
