package dev.embspace.engine.analysis.diff;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelDiffTest {

    private static final VectorRef MOVED = new VectorRef(1, VectorKind.FF_VALUE, 5);

    @Test
    void theVectorThatMovedMostComesFirstAndItsDifferenceProjectsAsTheSlowWayDoes() {
        Transformer base = RandomModels.random("base", RandomModels.Shape.small(), 1);
        Transformer tuned = moveOneVector(RandomModels.perturbed(base, 0.01, 2), MOVED, 3.0f);
        DiffOptions options = new DiffOptions(5, 4, EmbeddingSide.OUTPUT, null);
        VectorRef other = new VectorRef(2, VectorKind.ATTN_Q, 3);
        DiffResult result = ModelDiff.compare(base, tuned, List.of(other), options, Progress.NONE);

        assertEquals(4, result.mostChanged().size());
        assertEquals(MOVED, result.mostChanged().get(0).vector());
        for (ChangedVector c : result.mostChanged()) checkAgainstSlowWay(base, tuned, c, options);
        checkAgainstSlowWay(base, tuned, result.requested().get(0), options);
        for (int i = 1; i < result.mostChanged().size(); i++) {
            double before = result.mostChanged().get(i - 1).norm(), after = result.mostChanged().get(i).norm();
            assertEquals(true, before >= after, "most changed sorted by norm");
        }
    }

    @Test
    void layerSummaryIsTheMeanRelativeChangePerKind() {
        Transformer base = RandomModels.random("base", RandomModels.Shape.small().grouped(2), 4);
        Transformer tuned = RandomModels.perturbed(base, 0.05, 5);
        DiffResult result = ModelDiff.compare(base, tuned, List.of(), DiffOptions.defaults(), Progress.NONE);
        assertEquals(base.layers(), result.layers().size());
        for (LayerChange layer : result.layers()) {
            assertEquals(7, layer.meanRelativeChange().size(), "gated: ff.gate included");
            layer.meanRelativeChange().forEach((kind, mean) -> {
                double[][] b = RandomModels.dense(base.vectors(layer.layer(), kind, EmbeddingSide.OUTPUT));
                double[][] t = RandomModels.dense(tuned.vectors(layer.layer(), kind, EmbeddingSide.OUTPUT));
                double sum = 0;
                for (int r = 0; r < b.length; r++) sum += distance(b[r], t[r]) / distance(b[r], new double[b[r].length]);
                assertEquals(sum / b.length, mean, 1e-6, kind + " in layer " + layer.layer());
            });
        }
        assertEquals(true, result.embeddingMeanRelativeChange() > 0);
    }

    @Test
    void refusesModelsOfDifferentShapes() {
        Transformer base = RandomModels.random("base", RandomModels.Shape.small(), 1);
        Transformer other = RandomModels.random("other", RandomModels.Shape.small().withLayers(2), 2);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ModelDiff.compare(base, other, List.of(), DiffOptions.defaults(), Progress.NONE));
        assertEquals("other is not a fine-tuned base: 3 vs 2 layers", e.getMessage());
    }

    private static void checkAgainstSlowWay(Transformer base, Transformer tuned, ChangedVector c, DiffOptions o) {
        double[] b = RandomModels.dense(base.vector(c.vector(), o.side()))[0];
        double[] t = RandomModels.dense(tuned.vector(c.vector(), o.side()))[0];
        double[] delta = new double[b.length];
        for (int i = 0; i < b.length; i++) delta[i] = t[i] - b[i];
        assertEquals(distance(b, t), c.norm(), 1e-5);
        double[][] e = RandomModels.dense(tuned.embedding(o.side()));
        double[] s = new double[e.length];
        for (int tok = 0; tok < e.length; tok++) for (int i = 0; i < b.length; i++) s[tok] += e[tok][i] * delta[i];
        List<Integer> top = IntStream.range(0, e.length).boxed()
                .sorted(Comparator.comparingDouble((Integer tok) -> -s[tok]).thenComparingInt(tok -> tok)).limit(o.k()).toList();
        List<Integer> bottom = IntStream.range(0, e.length).boxed()
                .sorted(Comparator.comparingDouble((Integer tok) -> s[tok]).thenComparingInt(tok -> tok)).limit(o.k()).toList();
        assertEquals(top, c.projection().top().stream().map(TokenScore::id).toList(), c.vector() + " top");
        assertEquals(bottom, c.projection().bottom().stream().map(TokenScore::id).toList(), c.vector() + " bottom");
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    /** The model with one FF value scaled by {@code factor} (so it moves far more than the noise). */
    private static Transformer moveOneVector(Transformer model, VectorRef ref, float factor) {
        List<Block> blocks = new ArrayList<>();
        for (Block b : model.blocks()) {
            Mlp m = b.mlp();
            Matrix value = m.value();
            if (b.index() == ref.layer()) {
                float[] data = value.toArray();
                for (int c = 0; c < value.cols(); c++) data[ref.index() * value.cols() + c] *= factor;
                value = Matrix.wrap(data, value.rows(), value.cols());
            }
            blocks.add(new Block(b.index(), b.attnNorm(), b.attention(), b.mlpNorm(),
                    new Mlp(m.key(), m.gate(), value, null, null, m.activation())));
        }
        return new Transformer(model.name(), model.spec(), model.embeddings(), blocks, model.finalNorm(),
                model.unembedding(), null);
    }
}
