package dev.embspace.io.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.data.LabelSet;
import dev.embspace.io.safetensors.SafetensorsFile;
import dev.embspace.io.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe head as a safetensors file: tensors {@code weight} [K, d], {@code bias} [K] and
 * {@code feature_mean} [d] (the training features' mean; optional when reading) in F32, and
 * in the header's metadata what the head reads ({@code model}, {@code layer}, {@code pooling}) and
 * its class names in order ({@code labels}, a JSON array). Any safetensors reader can load it.
 */
public final class HeadFile {

    public static final String FORMAT = "embspace-probe-head";
    static final String WEIGHT = "weight";
    static final String BIAS = "bias";
    static final String FEATURE_MEAN = "feature_mean";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The most weights a head file may hold (a thousand classes over d = 16384 is a quarter of it). */
    static final long MAX_WEIGHTS = 1L << 26;

    private HeadFile() {
    }

    /** Writes {@code probe} to {@code file} (atomically), with {@code extra} metadata such as accuracies. */
    public static void write(Path file, ProbeHead probe, Map<String, String> extra) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("format", FORMAT);
        meta.put("model", probe.model());
        meta.put("layer", Integer.toString(probe.layer()));
        meta.put("pooling", probe.pooling().label());
        meta.put("labels", JSON.writeValueAsString(probe.labels().names()));
        LinearHead head = probe.head();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(WEIGHT, Tensor.wrap(head.weights().toArray(), head.classes(), head.dim()));
        tensors.put(BIAS, Tensor.wrap(head.bias().clone(), head.classes()));
        if (probe.featureMean() != null) tensors.put(FEATURE_MEAN, Tensor.wrap(probe.featureMean().clone(), head.dim()));
        SafetensorsWriter.write(file, tensors, meta);
    }

    /**
     * What a head file's header and metadata say, checked, before a byte of its tensors' data is
     * read: a caller can hold the width against the donor's d_model before the data costs memory.
     *
     * @param classes K, the rows of {@code weight}
     * @param width   d, the features the head reads
     */
    public record Header(String model, int layer, Pooling pooling, LabelSet labels, int classes, int width,
                         boolean hasFeatureMean) {
    }

    /**
     * The checked header of a head file written by {@link #write}; no tensor data is read.
     *
     * @throws BadInputException naming the file when it is not a valid head
     */
    public static Header header(Path file) {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return header(file, st);
        }
    }

    /**
     * Reads a head written by {@link #write}.
     *
     * @throws BadInputException naming the file when it is not a valid head
     */
    public static ProbeHead read(Path file) {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            Header h = header(file, st);
            LinearHead head = new LinearHead(Matrix.wrap(st.tensor(WEIGHT).toFloatArray(), h.classes(), h.width()), st.tensor(BIAS).toFloatArray());
            float[] mean = st.find(FEATURE_MEAN).map(Tensor::toFloatArray).orElse(null);
            return new ProbeHead(h.model(), h.layer(), h.pooling(), h.labels(), head, mean);
        }
    }

    /** Everything checkable from the header: shapes are views of the mapped file, their data untouched. */
    private static Header header(Path file, SafetensorsFile st) {
        Map<String, String> meta = st.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new BadInputException(file, "not a probe head (expected metadata format=" + FORMAT
                    + "; write one with 'embspace probe')");
        }
        Tensor weight = st.tensor(WEIGHT);
        Tensor bias = st.tensor(BIAS);
        if (weight.rank() != 2 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new BadInputException(file, "weight " + Arrays.toString(weight.shape()) + " and bias "
                    + Arrays.toString(bias.shape()) + " do not form a [K, d] head with K biases");
        }
        // a real head is classes x d, kilobytes to a few megabytes, so a huge one is a crafted file, not a head
        if ((long) weight.dim(0) * weight.dim(1) > MAX_WEIGHTS) {
            throw new BadInputException(file, "weight " + Arrays.toString(weight.shape()) + " has more than "
                    + MAX_WEIGHTS + " values, far beyond any probe head");
        }
        Tensor mean = st.find(FEATURE_MEAN).orElse(null);
        if (mean != null && (mean.rank() != 1 || mean.dim(0) != weight.dim(1))) {
            throw new BadInputException(file, "feature_mean " + Arrays.toString(mean.shape()) + " does not match a head on "
                    + weight.dim(1) + " features");
        }
        List<String> labels = labels(file, required(file, meta, "labels"));
        if (labels.size() != weight.dim(0)) {
            throw new BadInputException(file, labels.size() + " labels for " + weight.dim(0) + " class rows");
        }
        return new Header(required(file, meta, "model"), layer(file, required(file, meta, "layer")),
                pooling(file, required(file, meta, "pooling")), LabelSet.ordered(labels), weight.dim(0), weight.dim(1), mean != null);
    }

    private static String required(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new BadInputException(file, "probe head metadata has no '" + key + "'");
        return v;
    }

    private static int layer(Path file, String s) {
        try {
            int layer = Integer.parseInt(s);
            if (layer < 0) throw new NumberFormatException();
            return layer;
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "probe head layer '" + s + "' is not a layer number");
        }
    }

    private static Pooling pooling(Path file, String s) {
        try {
            return Pooling.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "probe head: " + e.getMessage());
        }
    }

    private static List<String> labels(Path file, String json) {
        try {
            List<String> labels = JSON.readValue(json, new TypeReference<List<String>>() { });
            if (labels.size() < 2 || labels.stream().anyMatch(l -> l == null || l.isBlank())
                    || labels.stream().distinct().count() != labels.size()) {
                throw new BadInputException(file, "probe head labels " + json + " are not two or more distinct names");
            }
            return labels;
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "probe head labels are not a JSON array of strings: " + json);
        }
    }
}
