package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.atlas.figure.ResultJson;
import dev.embspace.atlas.figure.RecallFigure;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.recall.LayerRecall;
import dev.embspace.engine.forward.recall.RecallExperiment;
import dev.embspace.engine.forward.recall.RecallOptions;
import dev.embspace.engine.forward.recall.RecallResult;
import dev.embspace.engine.forward.recall.RecallScore;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.io.data.TextCorpus;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recall}: the paper's hidden-state versus parameter recall experiment over a corpus. */
@Command(name = "recall", header = "Hidden-state versus parameter recall over a corpus (the paper's experiment).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"At every token position and layer, compare the top-k tokens of the layer's hidden",
                "state (through the final norm and E) with the top-k tokens of the keys and values of the",
                "most activated FF units and attention dimensions; the baseline pairs each position with",
                "another position's units. Also against the last layer's hidden state."})
final class RecallCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--corpus", required = true, paramLabel = "FILE|DIR",
            description = "Plain text, one document per line, or a directory of text files.")
    Path corpus;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "2000",
            description = "Token positions to use at most (default 2000).")
    long maxTokens;

    @Option(names = "-k", paramLabel = "K", defaultValue = "50", description = "Tokens per projection (default 50, as the paper).")
    int k;

    @Option(names = "--top-units", paramLabel = "N", defaultValue = "5",
            description = "Most activated units per position (default 5, as the paper).")
    int topUnits;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the random baseline's pairing.")
    long seed;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "1024",
            description = "Tokens per forward batch (default 1024).")
    int batchTokens;

    @Mixin
    TokenFilterOptions tokens;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        Converters.requireK(k);
        Converters.requirePositive("--top-units", topUnits);
        Converters.requirePositive("--batch-tokens", batchTokens);
        if (maxTokens < 2) throw new UsageException("--max-tokens must be at least 2, got " + maxTokens);
        plot.requireNotInput(corpus);
        List<String> documents = TextCorpus.read(corpus);
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            Tokenizer tokenizer = m.tokenizer();
            List<int[]> sequences = new ArrayList<>();
            long encoded = 0;
            for (String document : documents) {
                if (encoded >= maxTokens) break;
                Encoding e = tokenizer.encode(document);
                if (e.size() == 0) continue;
                sequences.add(e.ids());
                encoded += e.size();
            }
            RecallOptions options = new RecallOptions(k, topUnits, seed, model.side, tokens.allowed(m.vocabulary()));
            RecallResult result = RecallExperiment.measure(ForwardPass.of(m.transformer()), sequences, maxTokens,
                    batchTokens, options, progress);
            plot.write(() -> RecallFigure.of(result, m.ref()));
            if (GlobalOptions.json()) {
                var root = ResultJson.recall(m.ref(), result);
                if (LensCommand.mlmNote(m) != null) root.put("mlm_transform", m.transformer().mlmTransform() != null);
                Json.document(System.out, root);
            }
            else text(System.out, m, result);
        }
        return 0;
    }

    private static void text(PrintStream out, LoadedModel m, RecallResult r) {
        out.printf(Locale.ROOT, "%s: recall@%d of hidden-state tokens by the top-%d active units' parameters, %d positions%n",
                m.ref(), r.k(), r.topUnits(), r.positions());
        if (LensCommand.mlmNote(m) != null) out.println("(hidden states " + LensCommand.mlmNote(m) + ")");
        table(out, "against the layer's own hidden state (real / random)", r, true);
        table(out, "against the last layer's hidden state (real / random)", r, false);
    }

    private static void table(PrintStream out, String title, RecallResult r, boolean own) {
        out.println(title);
        StringBuilder header = new StringBuilder("  layer");
        for (VectorKind kind : RecallExperiment.KINDS) header.append(String.format(Locale.ROOT, " %17s", kind.label()));
        out.println(header);
        for (LayerRecall layer : r.layers()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %5d", layer.layer()));
            Map<VectorKind, RecallScore> scores = own ? layer.againstLayer() : layer.againstLast();
            for (VectorKind kind : RecallExperiment.KINDS) {
                RecallScore s = scores.get(kind);
                row.append(String.format(Locale.ROOT, "   %6.4f / %6.4f", s.recall(), s.random()));
            }
            out.println(row);
        }
    }
}
