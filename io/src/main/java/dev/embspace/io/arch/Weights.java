package dev.embspace.io.arch;

import dev.embspace.engine.model.ClassifierHead;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.TensorStore;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tensors of one checkpoint as an adapter asks for them: by Hugging Face name under a prefix
 * (the same weights are saved as {@code transformer.h.0...} by a LM-head class and {@code h.0...} by
 * the bare model), each checked against the shape the config implies. Every failure names the
 * config file, the tensor and the checkpoint, since a wrong shape usually means the config and the
 * weights do not belong together.
 */
final class Weights {

    private final ModelConfig config;
    private final TensorStore store;
    private final String prefix;

    private Weights(ModelConfig config, TensorStore store, String prefix) {
        this.config = config;
        this.store = store;
        this.prefix = prefix;
    }

    /** Weights at the checkpoint's root (no prefix). */
    static Weights root(ModelConfig config, TensorStore store) {
        return new Weights(config, store, "");
    }

    /**
     * Weights under the first of {@code prefixes} at which the checkpoint holds {@code probe}, the
     * one tensor every checkpoint of the family has.
     */
    Weights under(List<String> prefixes, String probe) {
        for (String p : prefixes) {
            if (store.find(prefix + p + probe).isPresent()) return new Weights(config, store, prefix + p);
        }
        String tried = prefixes.stream().map(p -> "'" + prefix + p + probe + "'").collect(Collectors.joining(" or "));
        throw config.bad("checkpoint " + store.source() + " is not a " + modelType() + " model: it has no " + tried);
    }

    /**
     * The layer count the config states under {@code key}, checked against the weights before
     * anything is sized from it: the checkpoint must hold tensors under {@code layerPrefix + i + "."}
     * for the layers 0..n-1. A config claiming a billion layers costs one line, not the heap.
     */
    int layers(String key, String layerPrefix) {
        int claimed = config.requirePositiveInt(key);
        String under = prefix + layerPrefix;
        int present = 0;
        for (String name : store.names()) {
            if (!name.startsWith(under)) continue;
            int dot = name.indexOf('.', under.length());
            if (dot <= under.length()) continue;
            try {
                present = Math.max(present, Integer.parseInt(name, under.length(), dot, 10) + 1);
            } catch (NumberFormatException e) {
                // not a layer tensor
            }
        }
        if (claimed > present) {
            throw config.bad(key + " is " + claimed + " but " + store.source() + " holds " + present
                    + " layers ('" + under + "0.' to '" + under + Math.max(0, present - 1) + ".')");
        }
        return claimed;
    }

    /** The tensor {@code name} (under the prefix) with exactly {@code shape}. */
    Tensor tensor(String name, int... shape) {
        String full = prefix + name;
        Tensor t = store.find(full).orElseThrow(() -> config.bad(
                "tensor '" + full + "' is missing from " + store.source() + " (required for " + modelType() + ")"));
        return checked(full, t, shape);
    }

    Optional<Tensor> optional(String name, int... shape) {
        String full = prefix + name;
        return store.find(full).map(t -> checked(full, t, shape));
    }

    boolean has(String name) {
        return store.find(prefix + name).isPresent();
    }

    /** A [rows, cols] tensor as a row-major matrix view. */
    Matrix matrix(String name, int rows, int cols) {
        return Matrix.of(tensor(name, rows, cols), rows, cols);
    }

    /**
     * A LayerNorm of width n at {@code path} ({@code path.weight}, {@code path.bias}); checkpoints
     * converted from TensorFlow BERT name them {@code gamma} and {@code beta}.
     */
    Norm layerNorm(String path, int n, float eps) {
        boolean legacy = !has(path + ".weight") && has(path + ".gamma");
        Tensor weight = tensor(path + (legacy ? ".gamma" : ".weight"), n);
        Tensor bias = tensor(path + (legacy ? ".beta" : ".bias"), n);
        return Norm.layerNorm(weight, bias, eps);
    }

    /** A [rows, cols] matrix whose row count the checkpoint decides (a classifier's classes), if present. */
    Optional<Matrix> optionalRows(String name, int cols) {
        String full = prefix + name;
        return store.find(full).map(t -> {
            if (t.rank() != 2 || t.dim(1) != cols || t.dim(0) < 1) {
                throw config.bad("tensor '" + full + "' in " + store.source() + " has shape " + Arrays.toString(t.shape())
                        + " but a classifier needs [classes, " + cols + "]");
            }
            return Matrix.of(t, t.dim(0), cols);
        });
    }

    /**
     * A sequence-classification head at the checkpoint's root: BERT's {@code classifier} (weight
     * and bias) or the decoders' {@code score} (weight only), or null when there is none.
     */
    ClassifierHead classifier(int d) {
        for (String name : List.of("classifier", "score")) {
            Optional<Matrix> weight = optionalRows(name + ".weight", d);
            if (weight.isPresent()) {
                return new ClassifierHead(weight.get(), optional(name + ".bias", weight.get().rows()).orElse(null));
            }
        }
        return null;
    }

    Norm rmsNorm(String path, int n, float eps) {
        return Norm.rmsNorm(tensor(path + ".weight", n), eps);
    }

    private Tensor checked(String fullName, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw config.bad("tensor '" + fullName + "' in " + store.source() + " has shape "
                    + Arrays.toString(t.shape()) + " but the config implies " + Arrays.toString(expected));
        }
        return t;
    }

    private String modelType() {
        return config.modelType();
    }
}
