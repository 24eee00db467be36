package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.vocab.TokenFilter;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.tokenizer.Encoding;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Argument parsing shared by commands. Problems with what the user typed are usage errors
 * (exit 2): {@link UsageException}, which {@link ErrorHandling} maps.
 */
final class Converters {

    private Converters() {
    }

    static final class Filter implements ITypeConverter<TokenFilter> {
        @Override
        public TokenFilter convert(String value) {
            try {
                return TokenFilter.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PoolingConverter implements ITypeConverter<Pooling> {
        @Override
        public Pooling convert(String value) {
            try {
                return Pooling.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** --reading: true for pinv (E^+), false for transpose (E); anything else is a usage error. */
    static boolean pinvReading(String reading) {
        return switch (reading.toLowerCase(java.util.Locale.ROOT)) {
            case "transpose" -> false;
            case "pinv" -> true;
            default -> throw new UsageException("--reading: '" + reading + "' is not a reading (expected transpose or pinv)");
        };
    }

    static void requirePositive(String option, int value) {
        if (value < 1) throw new UsageException(option + " must be at least 1, got " + value);
    }

    /**
     * Every command's -k: positive, and capped where results stop being readable long before memory
     * runs out (the largest vocabularies are a few hundred thousand tokens; a k of two billion would
     * size arrays from it before anything else could object).
     */
    static final int MAX_K = 1_000_000;

    static void requireK(int k) {
        if (k < 1 || k > MAX_K) throw new UsageException("-k must be between 1 and " + MAX_K + ", got " + k);
    }

    /**
     * A -k that counts something the model has a known number of (tokens of its vocabulary, token
     * pairs, units): positive, and clamped to that number rather than refused, since a k beyond it
     * only asks for everything there is. Every array sized from k is then sized from what is real.
     */
    static int clampK(int k, long available) {
        requirePositive("-k", k);
        return (int) Math.max(1, Math.min(k, available));
    }

    /** The model's encoding of {@code text}; a text that encodes to nothing is the user's mistake. */
    static Encoding encodeNonEmpty(LoadedModel model, String text) {
        Encoding encoding = model.tokenizer().encode(text);
        if (encoding.size() == 0) {
            throw new UsageException("--text encodes to no tokens in the vocabulary of " + model.ref());
        }
        return encoding;
    }
}
