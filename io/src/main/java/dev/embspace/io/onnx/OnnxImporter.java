package dev.embspace.io.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.AtomicFiles;
import dev.embspace.io.UserFiles;
import dev.embspace.io.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns an ONNX export of a BERT-family encoder into a Hugging Face model directory:
 * {@code model.safetensors} (F32, Hugging Face names and layouts), {@code config.json} and
 * {@code tokenizer.json}. The directory is built aside and moved into place when complete.
 */
public final class OnnxImporter {

    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxImporter() {
    }

    /** Imports quietly; see {@link #importModel(Path, Path, Path, Consumer)}. */
    public static Path importModel(Path onnx, Path tokenizerJson, Path outDir) throws IOException {
        return importModel(onnx, tokenizerJson, outDir, line -> { });
    }

    /**
     * Imports {@code onnx} into {@code outDir}.
     *
     * @param tokenizerJson the tokenizer to copy; null to look beside the model ({@code NAME-tokenizer.json},
     *                      {@code tokenizer.json}, or {@code ../tokenizer.json} as in a Hugging Face repository's
     *                      {@code onnx/} folder)
     * @param progress      receives one line per step
     * @return {@code outDir}
     */
    public static Path importModel(Path onnx, Path tokenizerJson, Path outDir, Consumer<String> progress) throws IOException {
        Path tokenizer = tokenizerJson != null ? requireFile(tokenizerJson, "tokenizer") : findTokenizer(onnx);
        long start = System.nanoTime();
        try (OnnxModel model = OnnxModel.open(onnx); StagedDirectory out = new StagedDirectory(outDir)) {
            progress.accept("read " + onnx.getFileName() + ": " + model.graph().nodes().size() + " nodes, "
                    + model.graph().initializers().size() + " initializers");
            SupportedGraphs.check(onnx, model.graph());
            List<RecoveredParameter> parameters = ParameterNames.recover(model.graph(), progress);
            ObjectNode config = BertConfigInference.infer(onnx, model.graph(), parameters, progress);
            progress.accept("writing " + parameters.size() + " tensors: " + config.get("num_hidden_layers") + " layers, d "
                    + config.get("hidden_size") + ", " + config.get("num_attention_heads") + " heads, d_ff "
                    + config.get("intermediate_size") + ", vocabulary " + config.get("vocab_size"));

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (RecoveredParameter p : parameters) tensors.put(p.name(), p.tensor());
            SafetensorsWriter.write(out.path().resolve(WEIGHTS), tensors, dtypes(tensors),
                    Map.of("format", "pt", "source", String.valueOf(onnx.getFileName())));
            AtomicFiles.writeString(out.path().resolve(CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
            Files.copy(tokenizer, out.path().resolve(TOKENIZER));
            out.commit();
        }
        progress.accept(String.format("imported %s into %s in %.1f s", onnx.getFileName(), outDir, (System.nanoTime() - start) / 1e9));
        return outDir;
    }

    /** The parameters are written as F32 whatever the export held, so readers see one dtype. */
    private static Map<String, DType> dtypes(Map<String, Tensor> tensors) {
        Map<String, DType> out = new LinkedHashMap<>();
        tensors.keySet().forEach(name -> out.put(name, DType.F32));
        return out;
    }

    /** The tokenizer an import of {@code onnx} without --tokenizer copies. */
    public static Path findTokenizer(Path onnx) {
        Path dir = onnx.toAbsolutePath().getParent();
        String stem = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        List<Path> candidates = new ArrayList<>(List.of(dir.resolve(stem + "-tokenizer.json"), dir.resolve(TOKENIZER)));
        if (dir.getParent() != null) candidates.add(dir.getParent().resolve(TOKENIZER));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) return c;
        }
        throw new BadInputException(onnx, "no tokenizer found beside the model (looked for "
                + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")");
    }

    private static Path requireFile(Path file, String what) {
        UserFiles.requireRegularFile(file);
        return file;
    }
}
