package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.atlas.figure.ResultJson;
import dev.embspace.atlas.figure.AlignmentFigure;
import dev.embspace.engine.analysis.align.AlignOptions;
import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.analysis.align.KindAlignment;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code align -m A -m B}: which layers of two models sharing a vocabulary do the same work. */
@Command(name = "align", header = "Which layers of model A correspond to which of model B.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Aligns the layers of two models that share a vocabulary: for every pair of parameter",
                "vectors of a kind, the Pearson correlation of E_A x and E_B y across the vocabulary; the",
                "mean |correlation| per pair of layers; Hungarian matching of A's layers to B's."})
final class AlignCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "REF", required = true,
            description = "The two models, as -m A -m B (aliases, directories, .safetensors or .onnx files).")
    List<String> models;

    @Option(names = "--embedding", paramLabel = "input|output", defaultValue = "output",
            converter = ModelOptions.SideConverter.class,
            description = "Which matrix is E where they differ: output (default) or input.")
    EmbeddingSide side;

    @Option(names = "--params", paramLabel = "LIST", converter = AnalysisOutput.KindList.class,
            description = "Parameter kinds, comma-separated (default: ff.key,ff.value,attn.q,attn.k,attn.v,attn.o).")
    List<VectorKind> kinds;

    @Option(names = "--raw", description = "Also the raw feature-space correlation baseline (when the widths agree).")
    boolean raw;

    @Option(names = "--fold-ln", description = "Fold LayerNorm gains into the reading-side vectors first.")
    boolean foldLn;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        if (models.size() != 2) {
            throw new UsageException("align needs exactly two models (-m A -m B), got " + models.size());
        }
        AlignOptions options = new AlignOptions(kinds, raw, foldLn, side);
        try (LoadedModel a = ModelLoader.load(models.get(0), GlobalOptions.progress());
             LoadedModel b = ModelLoader.load(models.get(1), GlobalOptions.progress())) {
            Alignment.requireSharedVocabulary(a.ref(), a.vocabulary(), b.ref(), b.vocabulary());
            AlignResult result = Alignment.align(a.transformer(), b.transformer(), options, GlobalOptions.progress());
            plot.write(() -> AlignmentFigure.of(result));
            if (GlobalOptions.json()) Json.document(System.out, ResultJson.align(a.ref(), b.ref(), result));
            else text(System.out, a.ref(), b.ref(), result);
        }
        return 0;
    }

    private static void text(PrintStream out, String a, String b, AlignResult r) {
        out.printf(Locale.ROOT, "mean |correlation| across the vocabulary, layers of %s (rows) vs %s (columns)%s%n",
                a, b, r.foldLn() ? ", LayerNorm folded" : "");
        for (KindAlignment k : r.kinds()) {
            out.println();
            AnalysisOutput.table(out, k.kind().label(), "A", "B", k.matrix());
            out.println("  matching (A -> B): " + arrows(k.matching()));
            if (k.rawMatrix() != null) {
                out.println("  raw feature-space baseline:");
                AnalysisOutput.table(out, k.kind().label(), "A", "B", k.rawMatrix());
                out.println("  raw matching (A -> B): " + arrows(k.rawMatching()));
            }
        }
    }

    private static String arrows(List<Integer> matching) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < matching.size(); i++) {
            if (i > 0) s.append("  ");
            s.append(i).append("->").append(matching.get(i) == null ? "none" : matching.get(i));
        }
        return s.toString();
    }
}
