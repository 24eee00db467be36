package dev.embspace.cli;

import dev.embspace.engine.model.EmbeddingSide;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** The model a command reads: {@code -m REF} and which embedding plays E. */
final class ModelOptions {

    static final String DEFAULT_MODEL = "minilm-l6";

    @Option(names = {"-m", "--model"}, paramLabel = "REF", defaultValue = DEFAULT_MODEL,
            description = "Model: a Hugging Face directory, a .safetensors file, a llama.cpp .gguf file, an .onnx BERT export, "
                    + "or an alias: minilm-l6 (default), e5-small-v2, bge-small-en-v1.5.")
    String ref;

    @Option(names = "--embedding", paramLabel = "input|output", defaultValue = "output",
            converter = SideConverter.class,
            description = "Which matrix is E where they differ: output (lm_head, default) or input.")
    EmbeddingSide side;

    static final class SideConverter implements ITypeConverter<EmbeddingSide> {
        @Override
        public EmbeddingSide convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "output" -> EmbeddingSide.OUTPUT;
                case "input" -> EmbeddingSide.INPUT;
                default -> throw new TypeConversionException("'" + value + "' is not an embedding (expected input or output)");
            };
        }
    }
}
