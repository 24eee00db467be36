package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.model.WeightTally;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code info}: what a model is, how big, in which dtypes, from which files. */
@Command(name = "info", header = "Architecture, sizes, dtypes, vocabulary and files of a model.", mixinStandardHelpOptions = true,
        description = "Architecture, sizes, dtypes, vocabulary size and files of a model.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            ModelSpec s = m.transformer().spec();
            WeightTally weights = WeightTally.of(m.store());
            if (GlobalOptions.json()) {
                ObjectNode root = Json.object().put("model", m.ref()).put("directory", m.directory().toString())
                        .put("architecture", s.modelType()).put("family", s.family().name().toLowerCase(Locale.ROOT))
                        .put("vocab_size", m.vocabulary().size()).put("embedding_rows", m.transformer().unembedding().rows())
                        .put("d_model", s.dModel()).put("layers", s.layers()).put("heads", s.heads())
                        .put("kv_heads", s.kvHeads()).put("head_dim", s.headDim()).put("d_ff", s.dFf())
                        .put("gated_mlp", m.transformer().block(0).mlp().gated())
                        .put("tied_embeddings", s.tiedEmbeddings()).put("parameters", weights.parameters());
                ObjectNode dt = root.putObject("dtypes");
                weights.dtypes().forEach(dt::put);
                ArrayNode files = root.putArray("files");
                for (Path f : m.files()) files.addObject().put("path", f.toString()).put("bytes", Files.size(f));
                Json.document(System.out, root);
            } else {
                print(System.out, m, s, weights);
            }
        }
        return 0;
    }

    private static void print(PrintStream out, LoadedModel m, ModelSpec s, WeightTally weights)
            throws IOException {
        out.printf(Locale.ROOT, "model          %s%n", m.ref());
        out.printf(Locale.ROOT, "directory      %s%n", m.directory());
        out.printf(Locale.ROOT, "architecture   %s (%s family)%n", s.modelType(), s.family().name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "vocabulary     %d tokens (E has %d rows)%n", m.vocabulary().size(), m.transformer().unembedding().rows());
        out.printf(Locale.ROOT, "d_model        %d%n", s.dModel());
        out.printf(Locale.ROOT, "layers         %d%n", s.layers());
        out.printf(Locale.ROOT, "heads          %d (kv heads %d, head dim %d)%n", s.heads(), s.kvHeads(), s.headDim());
        out.printf(Locale.ROOT, "d_ff           %d%s%n", s.dFf(), m.transformer().block(0).mlp().gated() ? " (gated)" : "");
        out.printf(Locale.ROOT, "embeddings     %s%n", s.tiedEmbeddings() ? "tied" : "untied (separate output embedding)");
        out.printf(Locale.ROOT, "parameters     %,d%n", weights.parameters());
        out.printf(Locale.ROOT, "dtypes         %s%n", weights.dtypesText());
        out.println("files");
        for (Path f : m.files()) out.printf(Locale.ROOT, "  %-40s %,d bytes%n", f.getFileName(), Files.size(f));
    }
}
