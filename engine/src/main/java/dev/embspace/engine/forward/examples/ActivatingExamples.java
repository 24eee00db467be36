package dev.embspace.engine.forward.examples;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Batch;
import dev.embspace.engine.forward.Batches;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The corpus contexts that make FF units fire most, and the distribution of their activations
 * (Neuronpedia's "top activations" and "activation density"). The activation of unit i is the
 * coefficient with which the FF block writes its value vector v_i: f(x k_i) after the nonlinearity,
 * or f(x g_i) * (x k_i) for a gated MLP (see {@link Capture#ffHidden()}).
 * <pre>{@code
 * List<VectorRef> units = FfUnits.ofLayers(model, 0, model.layers() - 1);
 * ActivatingExamples found = ActivatingExamples.scan(ForwardPass.of(model), texts, ids, units,
 *         ExampleOptions.of(20, 12), progress);
 * UnitExamples first = found.get(0);   // L0.ff.value.0: its top 20 contexts and its histogram
 * }</pre>
 * The corpus streams through the forward pass in batches of bounded tokens, every scanned layer
 * captured in the same pass. Per unit only a k-entry heap (highest activation first, equal ones to
 * the earlier text, then position, however the corpus is batched or the work threaded) and a
 * {@link StreamingHistogram} are kept ({@link UnitActivations}): memory is O(units x (k + bins)) plus one batch's activations,
 * never the corpus's. Contexts are cut from the token ids only for the kept examples, when asked for.
 */
public final class ActivatingExamples {

    /**
     * Units per parallel task. A task copies its units' columns of a batch into one buffer (column
     * by column, so each unit's values are contiguous) and runs each unit's heap and histogram over
     * them while both are hot in cache.
     */
    private static final int UNITS_PER_TASK = 64;

    /** The distinct units scanned in one layer, in index order, with their heaps and histograms. */
    private record LayerUnits(int layer, int[] units, UnitActivations[] kept) {
    }

    /** One task: units [from, to) of a layer's list. */
    private record UnitBlock(LayerUnits layer, int from, int to) {
    }

    private final List<String> texts;
    private final List<int[]> ids;
    private final List<VectorRef> requested;
    private final ExampleOptions options;
    private final List<LayerUnits> layers = new ArrayList<>();
    /** For each requested unit: its layer's entry in {@link #layers} and its slot there. */
    private final LayerUnits[] layerOf;
    private final int[] slotOf;
    private long tokens;

    private ActivatingExamples(List<String> texts, List<int[]> ids, List<VectorRef> units, ExampleOptions options) {
        this.texts = List.copyOf(texts);
        this.ids = List.copyOf(ids);
        this.requested = List.copyOf(units);
        this.options = options;
        Map<Integer, TreeSet<Integer>> byLayer = new TreeMap<>();
        for (VectorRef u : units) byLayer.computeIfAbsent(u.layer(), l -> new TreeSet<>()).add(u.index());
        byLayer.forEach((layer, indices) -> {
            int[] sorted = indices.stream().mapToInt(Integer::intValue).toArray();
            UnitActivations[] kept = new UnitActivations[sorted.length];
            for (int i = 0; i < sorted.length; i++) kept[i] = new UnitActivations(options.k(), options.bins());
            layers.add(new LayerUnits(layer, sorted, kept));
        });
        this.layerOf = new LayerUnits[units.size()];
        this.slotOf = new int[units.size()];
        for (int i = 0; i < units.size(); i++) {
            VectorRef u = units.get(i);
            LayerUnits layer = layers.stream().filter(l -> l.layer() == u.layer()).findFirst().orElseThrow();
            layerOf[i] = layer;
            slotOf[i] = Arrays.binarySearch(layer.units(), u.index());
        }
    }

    /**
     * Runs {@code texts} through the forward pass and keeps the top contexts of every unit.
     *
     * @param texts the corpus, one string per text (kept only to label the examples)
     * @param ids   each text's token ids as the model's tokenizer gives them (same order and size)
     * @param units FF units (any ff kind; see {@link FfUnits}), of any layers; the same unit may
     *              appear under several names and is scanned once
     * @throws IllegalArgumentException for a unit that is not an FF unit of the model
     */
    public static ActivatingExamples scan(ForwardPass pass, List<String> texts, List<int[]> ids, List<VectorRef> units,
                                          ExampleOptions options, Progress progress) {
        if (texts.size() != ids.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + ids.size() + " token sequences");
        }
        for (VectorRef u : units) FfUnits.validate(pass.model(), u);
        ActivatingExamples found = new ActivatingExamples(texts, ids, units, options);
        found.run(pass, progress);
        return found;
    }

    private void run(ForwardPass pass, Progress progress) {
        // empty texts are skipped, so batch sequences map to texts through this index
        List<int[]> sequences = new ArrayList<>();
        List<Integer> textOfSequence = new ArrayList<>();
        long total = 0;
        for (int t = 0; t < ids.size(); t++) {
            if (ids.get(t).length == 0) continue;
            sequences.add(ids.get(t));
            textOfSequence.add(t);
            total += ids.get(t).length;
        }
        TreeSet<Integer> scanned = new TreeSet<>();
        for (LayerUnits l : layers) scanned.add(l.layer());
        Capture capture = new Capture(false, true, false, scanned::contains);
        List<UnitBlock> blocks = new ArrayList<>();
        for (LayerUnits l : layers) {
            for (int from = 0; from < l.units().length; from += UNITS_PER_TASK) {
                blocks.add(new UnitBlock(l, from, Math.min(l.units().length, from + UNITS_PER_TASK)));
            }
        }
        progress.start("examples: forward passes over the corpus (tokens)", Math.min(total, options.maxTokens()));
        int sequence = 0;
        for (int[][] batchIds : Batches.of(sequences, options.maxTokens(), options.batchTokens())) {
            ForwardResult result = pass.run(batchIds, null, capture);
            long[] rowIds = rowIds(result.batch(), textOfSequence, sequence);
            Parallel.forRange(blocks.size(), b -> scanBlock(blocks.get(b), result, rowIds));
            sequence += batchIds.length;
            tokens += rowIds.length;
            progress.advance(rowIds.length);
        }
        progress.finish();
    }

    /** Each packed row's place (see {@link UnitActivations#place}). */
    private static long[] rowIds(Batch batch, List<Integer> textOfSequence, int firstSequence) {
        long[] out = new long[batch.tokens()];
        for (int s = 0; s < batch.sequences(); s++) {
            int text = textOfSequence.get(firstSequence + s);
            for (int p = 0; p < batch.length(s); p++) out[batch.offset(s) + p] = UnitActivations.place(text, p);
        }
        return out;
    }

    private void scanBlock(UnitBlock block, ForwardResult result, long[] rowIds) {
        int[] units = block.layer().units();
        int lo = units[block.from()];
        int hi = units[block.to() - 1] + 1;
        Matrix span = result.layer(block.layer().layer()).ffHidden().colRange(lo, hi);
        int rows = span.rows();
        int width = block.to() - block.from();
        float[] row = new float[hi - lo];
        float[] columns = new float[width * rows];
        for (int r = 0; r < rows; r++) {
            span.row(r, row);
            for (int j = 0; j < width; j++) columns[j * rows + r] = row[units[block.from() + j] - lo];
        }
        for (int j = 0; j < width; j++) block.layer().kept()[block.from() + j].add(columns, j * rows, rows, rowIds);
    }

    /** The units asked for, in the order given. */
    public List<VectorRef> units() {
        return requested;
    }

    /** Token positions scanned. */
    public long tokens() {
        return tokens;
    }

    /** The examples and histogram of the {@code i}-th unit asked for (contexts are cut now, on demand). */
    public UnitExamples get(int i) {
        LayerUnits layer = layerOf[i];
        int slot = slotOf[i];
        UnitActivations kept = layer.kept()[slot];
        long[] places = kept.places();
        float[] activations = kept.activations();
        List<ActivatingExample> examples = new ArrayList<>(places.length);
        for (int e = 0; e < places.length; e++) {
            examples.add(example(UnitActivations.text(places[e]), UnitActivations.position(places[e]), activations[e]));
        }
        return new UnitExamples(requested.get(i), examples, kept.histogram());
    }

    /** Every unit asked for, in order (for many units, {@link #get} one at a time keeps memory lower). */
    public List<UnitExamples> all() {
        List<UnitExamples> out = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) out.add(get(i));
        return out;
    }

    private ActivatingExample example(int text, int position, float activation) {
        int[] sequence = ids.get(text);
        int from = Math.max(0, position - options.context());
        int to = (int) Math.min(sequence.length, (long) position + 1 + options.context());
        return new ActivatingExample(text, texts.get(text), position, sequence[position], activation,
                boxed(sequence, from, position), boxed(sequence, position + 1, to));
    }

    private static List<Integer> boxed(int[] ids, int from, int to) {
        return Arrays.stream(ids, from, to).boxed().toList();
    }
}
