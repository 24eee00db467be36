package dev.embspace.io.gguf;

import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key-value metadata of a GGUF file, read by key with type checks: a missing or mistyped key
 * is a one-line bad-input error naming the file and the key. Integers of every width are held as
 * long (a UINT64 above Long.MAX_VALUE as its two's-complement bits), floats as double, arrays as
 * {@code long[]}, {@code double[]}, {@code boolean[]}, {@code String[]} or, for arrays of arrays,
 * {@code Object[]}.
 */
public final class GgufMetadata {

    /** GGUF's value type ids, in the spec's order. */
    enum ValueType { UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64;

        /** The fewest bytes one value of this type takes in the file (bounds array counts). */
        int minBytes() {
            return switch (this) {
                case UINT8, INT8, BOOL -> 1;
                case UINT16, INT16 -> 2;
                case UINT32, INT32, FLOAT32 -> 4;
                case UINT64, INT64, FLOAT64, STRING -> 8;
                case ARRAY -> 12;
            };
        }
    }

    private final Path file;
    private final Map<String, Object> values;

    GgufMetadata(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads {@code count} key-value pairs at the cursor; duplicate keys are refused. */
    static GgufMetadata read(Path file, GgufCursor in, long count) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            String key = in.string("metadata key " + i);
            String what = "metadata " + GgufCursor.quote(key);
            Object value = value(in, type(in, what), what, 0);
            if (values.put(key, value) != null) throw in.bad("metadata key " + GgufCursor.quote(key) + " appears twice");
        }
        return new GgufMetadata(file, values);
    }

    private static ValueType type(GgufCursor in, String what) {
        long at = in.position();
        long id = in.u32(what + " type");
        if (id >= ValueType.values().length) {
            throw in.bad(what + " has unknown value type " + id + " (at byte " + at + ")");
        }
        return ValueType.values()[(int) id];
    }

    private static Object value(GgufCursor in, ValueType type, String what, int depth) {
        return switch (type) {
            case UINT8 -> (long) in.u8(what);
            case INT8 -> (long) (byte) in.u8(what);
            case UINT16 -> (long) (in.i16(what) & 0xFFFF);
            case INT16 -> (long) in.i16(what);
            case UINT32 -> in.u32(what);
            case INT32 -> (long) in.i32(what);
            case UINT64, INT64 -> in.i64(what);
            case FLOAT32 -> (double) Float.intBitsToFloat(in.i32(what));
            case FLOAT64 -> Double.longBitsToDouble(in.i64(what));
            case BOOL -> bool(in, what);
            case STRING -> in.string(what);
            case ARRAY -> array(in, what, depth);
        };
    }

    private static boolean bool(GgufCursor in, String what) {
        int b = in.u8(what);
        if (b > 1) throw in.bad(what + " is a bool holding " + b + " (expected 0 or 1)");
        return b == 1;
    }

    private static Object array(GgufCursor in, String what, int depth) {
        if (depth > 4) throw in.bad(what + " nests arrays more than 4 deep");
        ValueType element = type(in, what + " element");
        int n = Math.toIntExact(in.count(what + " array length", element.minBytes()));
        String item = what + " element";
        switch (element) {
            case STRING -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) out[i] = in.string(item);
                return out;
            }
            case FLOAT32, FLOAT64 -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) out[i] = (double) value(in, element, item, depth);
                return out;
            }
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) out[i] = bool(in, item);
                return out;
            }
            case ARRAY -> {
                Object[] out = new Object[n];
                for (int i = 0; i < n; i++) out[i] = array(in, item, depth + 1);
                return out;
            }
            default -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) out[i] = (long) value(in, element, item, depth);
                return out;
            }
        }
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value (Long, Double, Boolean, String or an array), for display. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> string(String key) {
        return typed(key, String.class, "a string");
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    public Optional<Long> integer(String key) {
        return typed(key, Long.class, "an integer");
    }

    /** A positive integer that fits an int. */
    public int requirePositiveInt(String key) {
        return positive(key, integer(key).orElseThrow(() -> missing(key)));
    }

    public int positiveInt(String key, int fallback) {
        return integer(key).map(v -> positive(key, v)).orElse(fallback);
    }

    /** A float or double (an integer is accepted too, as some writers store whole numbers so). */
    public Optional<Double> real(String key) {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Double d) return Optional.of(d);
        if (v instanceof Long l) return Optional.of(l.doubleValue());
        throw bad("metadata '" + key + "' must be a number, found " + kind(v));
    }

    public float positiveFloat(String key, float fallback) {
        Optional<Double> v = real(key);
        if (v.isEmpty()) return fallback;
        float f = v.get().floatValue();
        if (!(f > 0) || Float.isInfinite(f)) throw bad("metadata '" + key + "' must be positive, found " + v.get());
        return f;
    }

    public Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class, "a bool");
    }

    public Optional<String[]> strings(String key) {
        return typed(key, String[].class, "an array of strings");
    }

    /** An array of floats (scores); an integer array is accepted and widened. */
    public Optional<double[]> reals(String key) {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof double[] d) return Optional.of(d);
        if (v instanceof long[] l) {
            double[] out = new double[l.length];
            for (int i = 0; i < l.length; i++) out[i] = l[i];
            return Optional.of(out);
        }
        throw bad("metadata '" + key + "' must be an array of numbers, found " + kind(v));
    }

    public Optional<long[]> integers(String key) {
        return typed(key, long[].class, "an array of integers");
    }

    public BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }

    private BadInputException missing(String key) {
        return bad("missing metadata key '" + key + "'");
    }

    private int positive(String key, long v) {
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw bad("metadata '" + key + "' must be a positive integer up to " + Integer.MAX_VALUE + ", found "
                    + v);
        }
        return (int) v;
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        Object v = values.get(key);
        if (v == null) return Optional.empty();
        if (!type.isInstance(v)) throw bad("metadata '" + key + "' must be " + expected + ", found " + kind(v));
        return Optional.of(type.cast(v));
    }

    static String kind(Object v) {
        return switch (v) {
            case Long l -> "the integer " + l;
            case Double d -> "the number " + d;
            case Boolean b -> "the bool " + b;
            case String s -> "a string";
            case String[] a -> "an array of " + a.length + " strings";
            case long[] a -> "an array of " + a.length + " integers";
            case double[] a -> "an array of " + a.length + " numbers";
            case boolean[] a -> "an array of " + a.length + " bools";
            default -> "an array of arrays";
        };
    }
}
