package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.atlas.figure.ResultJson;
import dev.embspace.atlas.figure.PairsFigure;
import dev.embspace.engine.analysis.pairs.LayerOverlap;
import dev.embspace.engine.analysis.pairs.PairsOptions;
import dev.embspace.engine.analysis.pairs.PairsResult;
import dev.embspace.engine.analysis.pairs.RelatedPairs;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code pairs}: do related parameters point at the same tokens? Per layer, against a shuffled pairing. */
@Command(name = "pairs", header = "Top-k overlap of related parameter pairs against a shuffled pairing.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per layer, the mean top-k Jaccard overlap in embedding space of related parameter",
                "pairs: kv (FF key i with FF value i), vo (W_V with W_O per head dimension), qk (W_Q with",
                "W_K per head dimension), each beside the same vectors under a seeded shuffled pairing."})
final class PairsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "-k", paramLabel = "K", defaultValue = "100", description = "Size of each top-k token set (default 100).")
    int k;

    @Option(names = "--signed", description = "Rank tokens by signed score (default: by |score|, as the paper).")
    boolean signed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the shuffled pairing (default 42).")
    long seed;

    @Option(names = "--max-pairs", paramLabel = "N", defaultValue = "0",
            description = "Evaluate a seeded sample of at most N pairs per relation and layer (default 0: all).")
    int maxPairs;

    @Option(names = "--fold-ln", description = "Fold LayerNorm gains into the reading-side vectors first.")
    boolean foldLn;

    @Mixin
    TokenFilterOptions tokens;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        Converters.requireK(k);
        if (maxPairs < 0) throw new UsageException("--max-pairs must be >= 0, got " + maxPairs);
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            PairsOptions options = new PairsOptions(k, signed, seed, foldLn, model.side,
                    tokens.allowed(m.vocabulary()), maxPairs);
            PairsResult result = RelatedPairs.compute(m.transformer(), options, GlobalOptions.progress());
            plot.write(() -> PairsFigure.of(result));
            if (GlobalOptions.json()) Json.document(System.out, ResultJson.pairs(m.ref(), result));
            else text(System.out, m.ref(), result);
        }
        return 0;
    }

    private static void text(PrintStream out, String ref, PairsResult r) {
        out.printf(Locale.ROOT, "%s: mean top-%d Jaccard overlap of related pairs (ranked by %s, shuffle seed %d%s)%n",
                ref, r.k(), r.signed() ? "signed score" : "|score|", r.seed(), r.foldLn() ? ", LayerNorm folded" : "");
        out.printf(Locale.ROOT, "  %5s  %8s %8s  %8s %8s  %8s %8s%n", "layer", "kv", "shuffled", "vo", "shuffled", "qk", "shuffled");
        for (LayerOverlap l : r.layers()) {
            out.printf(Locale.ROOT, "  %5d  %8.4f %8.4f  %8.4f %8.4f  %8.4f %8.4f%n", l.layer(), l.kv(), l.kvShuffled(),
                    l.vo(), l.voShuffled(), l.qk(), l.qkShuffled());
        }
    }
}
