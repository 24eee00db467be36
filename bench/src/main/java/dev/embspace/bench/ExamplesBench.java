package dev.embspace.bench;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Batches;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.examples.ActivatingExamples;
import dev.embspace.engine.forward.examples.ExampleOptions;
import dev.embspace.engine.forward.examples.FfUnits;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.BrownCorpus;
import dev.embspace.io.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of {@code examples} against the forward pass it rides on: Brown corpus sentences through
 * minilm-l6, once as a plain forward pass (batches of 1,024 tokens, nothing captured) and once as
 * the examples scan of every FF unit of one layer (k = 20, the same batches). The two alternate
 * round by round in one JVM, so that a shared machine's changing load falls on both alike; the
 * report gives each round's tokens per second and the median ratio.
 *
 * <p>Usage: {@code ExamplesBench [SENTENCES=2000] [ROUNDS=3] [LAYER=3]}. Run from the repository
 * root (the corpus is fetched with npm into ./target/npm on first use).
 */
public final class ExamplesBench {

    private static final int BATCH_TOKENS = ExampleOptions.DEFAULT_BATCH_TOKENS;

    private ExamplesBench() {
    }

    public static void main(String[] args) {
        int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int layer = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> all = BrownCorpus.sentences(1);
        // every step-th sentence, so that all 15 genres are in the sample
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < all.size() && texts.size() < sentences; i += Math.max(1, all.size() / sentences)) texts.add(all.get(i));
        try (LoadedModel m = ModelLoader.load("minilm-l6", Progress.NONE)) {
            List<int[]> ids = m.tokenizer().encodeBatch(texts).stream().map(Encoding::ids).toList();
            long tokens = ids.stream().mapToLong(s -> s.length).sum();
            ForwardPass pass = ForwardPass.of(m.transformer());
            List<VectorRef> units = FfUnits.ofLayers(m.transformer(), layer, layer);
            ExampleOptions options = ExampleOptions.of(20, 12);
            System.out.printf(Locale.ROOT, "minilm-l6, %d Brown sentences, %d tokens; examples of all %d units of layer %d, k = 20;"
                    + " %d threads%n", texts.size(), tokens, units.size(), layer, Runtime.getRuntime().availableProcessors());
            double[] ratios = new double[rounds];
            for (int round = -1; round < rounds; round++) {
                long t0 = System.nanoTime();
                for (int[][] batch : Batches.of(ids, Long.MAX_VALUE, BATCH_TOKENS)) pass.run(batch, null, Capture.none());
                double forward = tokens / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                ActivatingExamples found = ActivatingExamples.scan(pass, texts, ids, units, options, Progress.NONE);
                double examples = found.tokens() / ((System.nanoTime() - t0) / 1e9);
                if (round < 0) {
                    System.out.printf(Locale.ROOT, "warm-up: forward %.0f tokens/s, examples %.0f tokens/s%n", forward, examples);
                    continue;
                }
                ratios[round] = examples / forward;
                System.out.printf(Locale.ROOT, "round %d: forward %.0f tokens/s, examples %.0f tokens/s, ratio %.3f%n", round + 1,
                        forward, examples, ratios[round]);
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "median ratio examples / forward: %.3f%n", ratios[rounds / 2]);
        }
    }
}
