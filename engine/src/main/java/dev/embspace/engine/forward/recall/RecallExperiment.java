package dev.embspace.engine.forward.recall;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Batches;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LayerActivations;
import dev.embspace.engine.forward.LogitLens;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TopK;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The paper's check that parameter projections say what the model does: at every token position
 * and layer, the top-k tokens of the layer's output hidden state (read through the final norm and
 * E, as the logit lens reads it) are compared with the top-k tokens of the parameter vectors of the
 * position's most activated units: the keys and values of the FF units with the largest
 * coefficients, and the W_V and W_O vectors of the attention head dimensions with the largest
 * outputs. Recall@k is the share of the hidden state's tokens that some of those vectors also
 * rank top-k. The baseline pairs each position's hidden state with the units of another position
 * (a random cyclic permutation, so no position keeps its own), which is what chance agreement
 * between an unrelated hidden state and active parameters looks like.
 * <p>
 * Feed it forward results captured with {@link #CAPTURE}, then ask for the {@link #result}.
 */
public final class RecallExperiment {

    /** What the forward passes fed to {@link #add} must capture. */
    public static final Capture CAPTURE = Capture.all();

    /** The parameter vectors compared, in report order. */
    public static final List<VectorKind> KINDS = List.of(VectorKind.FF_KEY, VectorKind.FF_VALUE, VectorKind.ATTN_V,
            VectorKind.ATTN_O);

    private final Transformer model;
    private final RecallOptions options;
    private final LogitLens lens;
    private final Matrix embedding;
    /** [layer] per position: the hidden state's top-k token ids, sorted for lookup. */
    private final List<List<int[]>> hiddenTop = new ArrayList<>();
    /** [layer] per position: the most activated FF units. */
    private final List<List<int[]>> ffActive = new ArrayList<>();
    /** [layer] per position: the most activated attention dimensions h * dh + j. */
    private final List<List<int[]>> attentionActive = new ArrayList<>();

    public RecallExperiment(Transformer model, RecallOptions options) {
        this.model = model;
        this.options = options;
        this.lens = LogitLens.of(model, options.side());
        this.embedding = model.embedding(options.side());
        for (int l = 0; l < model.layers(); l++) {
            hiddenTop.add(new ArrayList<>());
            ffActive.add(new ArrayList<>());
            attentionActive.add(new ArrayList<>());
        }
    }

    /**
     * The whole experiment over a tokenized corpus: forward passes over batches of at most
     * {@code batchTokens} tokens, {@code maxTokens} positions in all (see {@link Batches}).
     */
    public static RecallResult measure(ForwardPass pass, List<int[]> sequences, long maxTokens, int batchTokens,
                                       RecallOptions options, Progress progress) {
        RecallExperiment experiment = new RecallExperiment(pass.model(), options);
        List<int[][]> batches = Batches.of(sequences, maxTokens, batchTokens);
        progress.start("recall: forward passes", batches.size());
        for (int[][] batch : batches) {
            experiment.add(pass.run(batch, null, CAPTURE));
            progress.advance(1);
        }
        progress.finish();
        return experiment.result(progress);
    }

    /** Token positions added so far. */
    public int positions() {
        return hiddenTop.isEmpty() ? 0 : hiddenTop.getFirst().size();
    }

    /** Adds every token position of a forward result captured with {@link #CAPTURE}. */
    public void add(ForwardResult result) {
        for (int l = 0; l < model.layers(); l++) {
            LayerActivations layer = result.layers().get(l);
            if (layer == null || layer.residual() == null || layer.ffHidden() == null || layer.attentionHeads() == null) {
                throw new IllegalArgumentException("layer " + l + " lacks activations: run the forward pass with RecallExperiment.CAPTURE");
            }
            for (Projection p : Projector.project(embedding, lens.normed(layer.residual()), options.k(), false, options.allowed())) {
                hiddenTop.get(l).add(sortedIds(p));
            }
            ffActive.get(l).addAll(mostActive(layer.ffHidden()));
            attentionActive.get(l).addAll(mostActive(layer.attentionHeads()));
        }
    }

    /** Projects the active parameter vectors and scores every layer. */
    public RecallResult result(Progress progress) {
        int n = positions();
        if (n < 2) {
            throw new BadInputException("the corpus gave " + n + " token position(s); the recall experiment needs at least 2"
                    + " (its random baseline pairs each position with another)");
        }
        int[] partner = cyclicPermutation(n, new Random(options.seed()));
        List<int[]> last = hiddenTop.get(model.layers() - 1);
        List<LayerRecall> layers = new ArrayList<>();
        progress.start("recall: projecting the active parameter vectors", (long) model.layers() * KINDS.size());
        for (int l = 0; l < model.layers(); l++) {
            Map<VectorKind, RecallScore> againstLayer = new EnumMap<>(VectorKind.class);
            Map<VectorKind, RecallScore> againstLast = new EnumMap<>(VectorKind.class);
            for (VectorKind kind : KINDS) {
                List<int[]> active = kind == VectorKind.FF_KEY || kind == VectorKind.FF_VALUE ? ffActive.get(l) : attentionActive.get(l);
                Map<Integer, int[]> tops = projectUnits(l, kind, active);
                againstLayer.put(kind, score(hiddenTop.get(l), active, tops, partner));
                againstLast.put(kind, score(last, active, tops, partner));
                progress.advance(1);
            }
            layers.add(new LayerRecall(l, againstLayer, againstLast));
        }
        progress.finish();
        return new RecallResult(n, options.k(), options.topUnits(), layers);
    }

    /** Per row, the columns with the largest values (ties to the lower column). */
    private List<int[]> mostActive(Matrix activations) {
        List<int[]> out = new ArrayList<>(activations.rows());
        TopK top = new TopK(Math.min(options.topUnits(), activations.cols()));
        float[] row = new float[activations.cols()];
        for (int r = 0; r < activations.rows(); r++) {
            activations.row(r, row);
            top.clear();
            for (int c = 0; c < row.length; c++) top.offer(c, row[c]);
            out.add(top.result().stream().mapToInt(s -> s.id()).toArray());
        }
        return out;
    }

    /** The top-k tokens of every unit that is active somewhere, each projected once. */
    private Map<Integer, int[]> projectUnits(int layer, VectorKind kind, List<int[]> active) {
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int[] units : active) for (int u : units) distinct.add(u);
        int[] units = distinct.stream().mapToInt(Integer::intValue).toArray();
        Matrix family = model.vectors(layer, kind, options.side());
        Attention attention = model.block(layer).attention();
        int d = family.cols();
        float[] rows = new float[units.length * d];
        float[] row = new float[d];
        for (int i = 0; i < units.length; i++) {
            family.row(vectorRow(kind, attention, units[i]), row);
            System.arraycopy(row, 0, rows, i * d, d);
        }
        List<Projection> projections = Projector.project(embedding, Matrix.wrap(rows, units.length, d), options.k(), false,
                options.allowed());
        Map<Integer, int[]> tops = new HashMap<>();
        for (int i = 0; i < units.length; i++) tops.put(units[i], sortedIds(projections.get(i)));
        return tops;
    }

    /**
     * The row of the parameter matrix that unit {@code unit} uses. FF unit i owns row i; attention
     * dimension h * dh + j writes row h * dh + j of o and reads its kv head's row of v (the two
     * differ under grouped-query attention).
     */
    private static int vectorRow(VectorKind kind, Attention attention, int unit) {
        if (kind != VectorKind.ATTN_V) return unit;
        int dh = attention.headDim();
        return attention.kvHeadOf(unit / dh) * dh + unit % dh;
    }

    private static RecallScore score(List<int[]> hidden, List<int[]> active, Map<Integer, int[]> tops, int[] partner) {
        double own = 0, random = 0;
        int counted = 0;
        for (int p = 0; p < hidden.size(); p++) {
            if (hidden.get(p).length == 0) continue;
            own += recall(hidden.get(p), active.get(p), tops);
            random += recall(hidden.get(p), active.get(partner[p]), tops);
            counted++;
        }
        return counted == 0 ? new RecallScore(Double.NaN, Double.NaN) : new RecallScore(own / counted, random / counted);
    }

    /** The share of {@code hidden}'s tokens that the top-k of at least one active unit contains. */
    private static double recall(int[] hidden, int[] units, Map<Integer, int[]> tops) {
        int found = 0;
        for (int token : hidden) {
            for (int u : units) {
                if (Arrays.binarySearch(tops.get(u), token) >= 0) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / hidden.length;
    }

    private static int[] sortedIds(Projection p) {
        int[] ids = p.top().stream().mapToInt(s -> s.id()).toArray();
        Arrays.sort(ids);
        return ids;
    }

    /** Sattolo's shuffle: a uniformly random permutation made of one cycle, so partner[p] != p. */
    static int[] cyclicPermutation(int n, Random random) {
        int[] partner = new int[n];
        for (int i = 0; i < n; i++) partner[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = partner[i];
            partner[i] = partner[j];
            partner[j] = t;
        }
        return partner;
    }
}
