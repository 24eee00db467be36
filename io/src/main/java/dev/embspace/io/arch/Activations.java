package dev.embspace.io.arch;

import dev.embspace.engine.model.Activation;

import java.util.Map;
import java.util.TreeMap;

/** Maps the activation names of transformers' ACT2FN to the engine's {@link Activation}. */
final class Activations {

    private static final Map<String, Activation> BY_NAME = new TreeMap<>(Map.of(
            "gelu", Activation.GELU,
            // gelu_new, gelu_fast and gelu_pytorch_tanh are the same tanh formula in different code.
            "gelu_new", Activation.GELU_TANH,
            "gelu_fast", Activation.GELU_TANH,
            "gelu_pytorch_tanh", Activation.GELU_TANH,
            "relu", Activation.RELU,
            "silu", Activation.SILU,
            "swish", Activation.SILU));

    private Activations() {
    }

    /** The activation named by {@code key}, or {@code fallback} (the config class's default) when absent. */
    static Activation read(ModelConfig config, String key, String fallback) {
        String name = config.string(key).orElse(fallback);
        Activation a = BY_NAME.get(name);
        if (a == null) {
            throw config.bad("unsupported " + key + " '" + name + "' (supported: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return a;
    }
}
