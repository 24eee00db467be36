package dev.embspace.engine.project;

import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The brute-force reverse index the fused one is checked against: the full E x of every unit (the
 * kernels' FMA chain, so scores match bit for bit), then per token a full sort of all units.
 */
public final class ReferenceReverseIndex {

    private final Matrix embedding;
    private final IntPredicate allowed;
    private final List<float[]> vectors = new ArrayList<>();
    private final List<Integer> unitIds = new ArrayList<>();

    /** @param allowed the tokens that receive units (null: all) */
    public ReferenceReverseIndex(Matrix embedding, IntPredicate allowed) {
        this.embedding = embedding;
        this.allowed = allowed;
    }

    /** Adds row i of {@code rows} as unit {@code firstUnit + i}. */
    public void add(Matrix rows, int firstUnit) {
        for (int i = 0; i < rows.rows(); i++) {
            vectors.add(rows.row(i));
            unitIds.add(firstUnit + i);
        }
    }

    /** The k best units of {@code token}: score descending, ties to the lower unit. */
    public List<UnitScore> units(int token, int k) {
        if (allowed != null && !allowed.test(token)) return List.of();
        float[] e = embedding.row(token);
        List<UnitScore> all = new ArrayList<>();
        for (int u = 0; u < vectors.size(); u++) {
            all.add(new UnitScore(unitIds.get(u), MicroKernel.dot(vectors.get(u), 0, e, 0, e.length)));
        }
        return all.stream()
                .sorted(Comparator.comparingDouble((UnitScore s) -> -s.score()).thenComparingInt(UnitScore::unit))
                .limit(k).toList();
    }
}
