package dev.embspace.io.arch;

import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.testmodels.RawTensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reference the adapter tests check against: a vector taken by hand from the raw Hugging Face
 * array, scored against every row of the raw embedding array in double precision, and sorted. It
 * shares nothing with the adapters or the projector but the checkpoint's numbers.
 */
final class BruteForceProjection {

    static final int K = 5;

    private BruteForceProjection() {
    }

    /**
     * All tokens of {@code embedding} (V x d, raw) ranked by score against x, highest first or
     * (for the bottom) lowest first; ties go to the lower id either way, as in TopK.
     */
    static List<TokenScore> ranked(RawTensor embedding, float[] x, boolean lowestFirst) {
        int vocab = embedding.shape()[0];
        int d = embedding.shape()[1];
        List<TokenScore> scores = new ArrayList<>(vocab);
        for (int token = 0; token < vocab; token++) {
            double s = 0;
            for (int c = 0; c < d; c++) s += (double) embedding.at(token, c) * x[c];
            scores.add(new TokenScore(token, (float) s));
        }
        int sign = lowestFirst ? 1 : -1;
        scores.sort(Comparator.comparingDouble((TokenScore t) -> sign * t.score()).thenComparingInt(TokenScore::id));
        return scores;
    }

    /**
     * Asserts that {@code model}'s vector {@code ref} is exactly {@code expected} (taken by hand
     * from the raw arrays) and that its top and bottom tokens through {@code side}'s E are those of
     * the brute-force ranking against {@code rawEmbedding}.
     */
    static void assertProjects(Transformer model, String ref, EmbeddingSide side, RawTensor rawEmbedding, float[] expected) {
        Matrix vector = model.vector(VectorRef.parse(ref), side);
        assertEquals(1, vector.rows(), ref);
        assertArrayEquals(expected, vector.row(0), 0f, ref + " is not the vector the checkpoint holds");

        Projection got = Projector.project(model.embedding(side), vector, K, true, id -> true).getFirst();
        assertScores(ranked(rawEmbedding, expected, false).subList(0, K), got.top(), ref + " top");
        assertScores(ranked(rawEmbedding, expected, true).subList(0, K), got.bottom(), ref + " bottom");
    }

    private static void assertScores(List<TokenScore> expected, List<TokenScore> got, String what) {
        assertEquals(expected.stream().map(TokenScore::id).toList(), got.stream().map(TokenScore::id).toList(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).score(), got.get(i).score(), 1e-4f, what + " score " + i);
        }
    }

    /** Asserts that row j of {@code m} is {@code rows[j]} exactly. */
    static void assertRows(float[][] rows, Matrix m, String what) {
        assertEquals(rows.length, m.rows(), what + " rows");
        for (int j = 0; j < rows.length; j++) {
            assertArrayEquals(rows[j], m.row(j), 0f, what + " row " + j);
        }
    }

    /** Elements [from, from + n) of a raw 1-D tensor. */
    static float[] range(RawTensor t, int from, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = t.at(from + i);
        return out;
    }
}
