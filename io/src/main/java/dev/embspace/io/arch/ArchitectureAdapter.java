package dev.embspace.io.arch;

import dev.embspace.engine.model.Transformer;

/**
 * Maps one architecture family's checkpoint layout and config keys to the engine's single
 * {@link Transformer} view. Implementations hold no state; {@link Architectures} picks one by
 * {@code model_type}.
 */
interface ArchitectureAdapter {

    Transformer adapt(ModelConfig config, Weights weights, String name);
}
