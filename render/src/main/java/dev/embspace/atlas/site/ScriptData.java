package dev.embspace.atlas.site;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One data file of the site: a script that stores a JSON value under a key,
 * {@code ATLAS_DATA["layer-3"] = {...};}. Pages load data as script files because a page opened
 * from disk (file://) may not fetch() its neighbours in Chromium or Firefox, but may run them.
 * Scores are written with five significant digits: the site shows four decimals and is a third
 * of the size it would be with every float's shortest exact form.
 */
public final class ScriptData implements AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private final OutputStream out;
    private final JsonGenerator json;

    private ScriptData(OutputStream out, String key) throws IOException {
        this.out = out;
        out.write(("window.ATLAS_DATA = window.ATLAS_DATA || {};\nATLAS_DATA[\"" + key + "\"] = ")
                .getBytes(StandardCharsets.UTF_8));
        this.json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    /** Opens {@code file} (created with its parents) to hold the value of {@code key}. */
    public static ScriptData create(Path file, String key) {
        try {
            Files.createDirectories(file.getParent());
            return new ScriptData(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator to write the value with (one value: an object or an array). */
    public JsonGenerator json() {
        return json;
    }

    /** A score as a JSON number of five significant digits (exact zero, and never NaN: null). */
    public void score(double v) throws IOException {
        json.writeNumber(compact(v));
    }

    public void scores(float[] values, int from, int to) throws IOException {
        json.writeStartArray();
        for (int i = from; i < to; i++) score(values[i]);
        json.writeEndArray();
    }

    public void ints(int[] values, int from, int to) throws IOException {
        json.writeStartArray();
        for (int i = from; i < to; i++) json.writeNumber(values[i]);
        json.writeEndArray();
    }

    /** Five significant digits, without trailing zeros; "null" for NaN and infinities. */
    static String compact(double v) {
        if (!Double.isFinite(v)) return "null";
        if (v == 0) return "0";
        double a = Math.abs(v);
        int exponent = (int) Math.floor(Math.log10(a));
        int decimals = 4 - exponent;
        if (decimals < 0 || decimals >= POWERS.length) return Float.toString((float) v);
        long r = Math.round(a * POWERS[decimals]);
        String digits = Long.toString(r);
        StringBuilder b = new StringBuilder(12);
        if (v < 0) b.append('-');
        if (decimals == 0) return b.append(digits).toString();
        if (digits.length() <= decimals) {
            b.append("0.");
            b.repeat('0', decimals - digits.length());
            b.append(digits);
        } else {
            b.append(digits, 0, digits.length() - decimals).append('.').append(digits, digits.length() - decimals, digits.length());
        }
        int end = b.length();
        while (b.charAt(end - 1) == '0') end--;
        if (b.charAt(end - 1) == '.') end--;
        b.setLength(end);
        return b.toString();
    }

    @Override
    public void close() {
        try {
            json.flush();
            out.write(";\n".getBytes(StandardCharsets.UTF_8));
            json.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
