package dev.embspace.io.arch;

import dev.embspace.engine.model.Transformer;
import dev.embspace.io.safetensors.TensorStore;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * From a checkpoint to the engine's one transformer view: reads {@code config.json}, picks the
 * adapter for its {@code model_type}, and lets it map the checkpoint's tensors, by their Hugging
 * Face names and layouts, to zero-copy views.
 */
public final class Architectures {

    private static final Map<String, ArchitectureAdapter> BY_MODEL_TYPE = new TreeMap<>(Map.of(
            "gpt2", new Gpt2Adapter(),
            "bert", new BertAdapter(false),
            "roberta", new BertAdapter(true),
            "xlm-roberta", new BertAdapter(true),
            "gpt_neox", new GptNeoXAdapter(),
            "llama", new LlamaAdapter(false),
            "mistral", new LlamaAdapter(false),
            "qwen2", new LlamaAdapter(true)));

    private Architectures() {
    }

    /**
     * The transformer described by {@code configJson} over the tensors of {@code store}.
     *
     * @param name what to call the model in output (the reference the user gave)
     * @throws dev.embspace.engine.BadInputException naming the config file when a key is missing or
     *         malformed, the model_type is unsupported, or a tensor is missing or has the wrong shape
     */
    public static Transformer load(Path configJson, TensorStore store, String name) {
        ModelConfig config = ModelConfig.read(configJson);
        String modelType = config.modelType();
        ArchitectureAdapter adapter = BY_MODEL_TYPE.get(modelType);
        if (adapter == null) {
            throw config.bad("unsupported model_type '" + modelType + "' (supported: "
                    + String.join(", ", supportedModelTypes()) + ")");
        }
        return adapter.adapt(config, Weights.root(config, store), name);
    }

    /** The model_type values this build understands, sorted. */
    public static Set<String> supportedModelTypes() {
        return Collections.unmodifiableSet(BY_MODEL_TYPE.keySet());
    }
}
