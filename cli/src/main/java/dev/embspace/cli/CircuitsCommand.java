package dev.embspace.cli;

import dev.embspace.atlas.figure.ResultJson;
import dev.embspace.atlas.figure.CircuitsFigure;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.circuits.CompositionScores;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.project.TopK;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code circuits}: static circuit scores of every head, TransformerLens' definitions. */
@Command(name = "circuits", header = "Per-head OV copying scores and Q/K/V composition scores.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per head, the OV copying score (eigenvalues of W_E W_V W_O W_U, from a head_dim-sized",
                "matrix); between heads of different layers, Q-, K- and V-composition scores."})
final class CircuitsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--fold-ln", description = "Fold LayerNorm gains into W_Q, W_K, W_V and W_U first.")
    boolean foldLn;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Text output: the N strongest head pairs per composition kind (default 10).")
    int top;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        Converters.requirePositive("--top", top);
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            CircuitScores scores = CircuitScores.compute(m.transformer(), foldLn, GlobalOptions.progress());
            plot.write(() -> CircuitsFigure.of(scores));
            if (GlobalOptions.json()) Json.document(System.out, ResultJson.circuits(m.ref(), scores));
            else text(System.out, m.ref(), scores, top);
        }
        return 0;
    }

    private static void text(PrintStream out, String ref, CircuitScores s, int top) {
        out.println(ref + ": OV copying score per head (layers as rows)");
        AnalysisOutput.table(out, "copying", "L", "H", s.copying());
        CompositionScores.Scores c = s.composition();
        strongest(out, "Q-composition", c.q(), c.heads(), top);
        strongest(out, "K-composition", c.k(), c.heads(), top);
        strongest(out, "V-composition", c.v(), c.heads(), top);
        out.println();
        out.println("convention: " + s.convention());
    }

    private static void strongest(PrintStream out, String title, double[][] scores, int heads, int top) {
        TopK best = new TopK(top);
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (Double.isFinite(scores[i][j])) best.offer(i * n + j, (float) scores[i][j]);
            }
        }
        out.println();
        out.println(title + ", strongest head pairs (earlier head -> later head):");
        for (TokenScore t : best.result()) {
            int from = t.id() / n, to = t.id() % n;
            out.printf(Locale.ROOT, "  L%dH%d -> L%dH%d  %.4f%n", from / heads, from % heads, to / heads, to % heads, t.score());
        }
    }
}
