package dev.embspace.cli;

import dev.embspace.engine.Progress;
import dev.embspace.io.onnx.OnnxImporter;
import dev.embspace.io.tokenizer.Tokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code import-onnx}: an ONNX export of a BERT-family encoder as a Hugging Face style directory. */
@Command(name = "import-onnx", header = "Convert a BERT-family ONNX export into safetensors, config and tokenizer.", mixinStandardHelpOptions = true,
        description = {"Convert an ONNX export of a BERT-family encoder into model.safetensors,",
                "config.json and tokenizer.json, readable by every other command (-m DIR)."})
final class ImportOnnxCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN.onnx", description = "The ONNX model.")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json to copy (default: looked up beside the ONNX file).")
    Path tokenizer;

    @Option(names = "--force", description = "Write into --out even if it is a directory that is not empty.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        List<Path> inputs = new ArrayList<>(List.of(onnx));
        if (tokenizer != null) inputs.add(tokenizer);
        OutputPath.directory("--out", out, force, inputs);
        // the tokenizer is validated where the user keeps it, before any work, so its errors name their file
        Tokenizers.fromTokenizerJson(tokenizer != null ? tokenizer : OnnxImporter.findTokenizer(onnx));
        Progress progress = GlobalOptions.progress();
        progress.message("importing " + onnx + " into " + out);
        OnnxImporter.importModel(onnx, tokenizer, out, progress::message);
        progress.message("done: embspace info -m " + out);
        return 0;
    }
}
