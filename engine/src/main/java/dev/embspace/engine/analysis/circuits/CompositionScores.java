package dev.embspace.engine.analysis.circuits;

import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.parallel.Parallel;

import java.util.Arrays;

/**
 * Q-, K- and V-composition scores between every head and every head of a later layer, as
 * TransformerLens computes them: ||W_A W_B||_F / (||W_A||_F ||W_B||_F) with W_A the earlier head's
 * W_OV and W_B the later head's W_QK (Q), W_QK^T (K) or W_OV (V), in the row-vector convention
 * (x W_OV is what the head writes for the residual x).
 *
 * <p>All the d x d matrices are rank-dh products kept factored: W_A = A1 B1, W_B = A2 B2, so
 * ||A1 (B1 A2) B2||_F^2 = tr(M^T G1 M H2) with M = B1 A2 and the dh x dh Grams G1 = A1^T A1,
 * H2 = B2 B2^T. Only M needs the residual width: for one pair of layers, every head's M is a block
 * of W_O(l1) times the later layer's reading rows, one product through the engine's kernel.
 */
public final class CompositionScores {

    /** Scores indexed [source][target] over heads numbered layer * heads + head; NaN unless the source layer is earlier. */
    public record Scores(int layers, int heads, double[][] q, double[][] k, double[][] v) {
    }

    private CompositionScores() {
    }

    public static Scores compute(Transformer model, boolean foldLn, Progress progress) {
        int layers = model.layers();
        int heads = model.block(0).attention().heads();
        HeadMatrices[] m = new HeadMatrices[layers];
        HeadGrams[] grams = new HeadGrams[layers];
        for (int l = 0; l < layers; l++) {
            m[l] = HeadMatrices.of(model, l, foldLn);
            if (m[l].heads() != heads) throw new IllegalArgumentException("layers differ in head count");
            grams[l] = HeadGrams.of(m[l]);
        }
        int n = layers * heads;
        double[][] q = nanSquare(n), k = nanSquare(n), v = nanSquare(n);
        progress.start("composition scores", layers);
        Parallel.forRange(layers, l1 -> {
            for (int l2 = l1 + 1; l2 < layers; l2++) {
                // rows: every head dimension of W_O in l1; columns: every reading row of l2
                double[][] oq = SmallDense.timesTransposed(m[l1].o(), m[l2].q());
                double[][] ok = SmallDense.timesTransposed(m[l1].o(), m[l2].k());
                double[][] ov = SmallDense.timesTransposed(m[l1].o(), m[l2].v());
                int dh = m[l1].headDim();
                for (int h1 = 0; h1 < heads; h1++) {
                    double[][] gv1 = grams[l1].v[h1];
                    double ov1 = grams[l1].ovNorm[h1];
                    for (int h2 = 0; h2 < heads; h2++) {
                        int kv2 = m[l2].attention().kvHeadOf(h2);
                        int from = l1 * heads + h1, to = l2 * heads + h2;
                        q[from][to] = score(SmallDense.block(oq, h1 * dh, h2 * dh, dh), gv1, grams[l2].k[h2],
                                ov1, grams[l2].qkNorm[h2]);
                        k[from][to] = score(SmallDense.block(ok, h1 * dh, kv2 * dh, dh), gv1, grams[l2].q[h2],
                                ov1, grams[l2].qkNorm[h2]);
                        v[from][to] = score(SmallDense.block(ov, h1 * dh, kv2 * dh, dh), gv1, grams[l2].o[h2],
                                ov1, grams[l2].ovNorm[h2]);
                    }
                }
            }
            progress.advance(1);
        });
        progress.finish();
        return new Scores(layers, heads, q, k, v);
    }

    /** sqrt(tr(M^T G1 M H2)) / (||W_A|| ||W_B||); 0 when either matrix is zero. */
    private static double score(double[][] mid, double[][] g1, double[][] h2, double normA, double normB) {
        double squared = SmallDense.frobeniusInner(SmallDense.times(g1, mid), SmallDense.times(mid, h2));
        double denominator = normA * normB;
        return denominator == 0 ? 0 : Math.sqrt(Math.max(0, squared)) / denominator;
    }

    private static double[][] nanSquare(int n) {
        double[][] out = new double[n][n];
        for (double[] row : out) Arrays.fill(row, Double.NaN);
        return out;
    }

    /**
     * Per head of one layer, the Grams of its rows (q, k, v, o: dh x dh each) and the Frobenius norms
     * of its W_QK and W_OV: ||A B||_F^2 = tr(A^T A B B^T), a dh x dh inner product.
     */
    private record HeadGrams(double[][][] q, double[][][] k, double[][][] v, double[][][] o,
                             double[] qkNorm, double[] ovNorm) {

        static HeadGrams of(HeadMatrices m) {
            int n = m.heads();
            double[][][] q = new double[n][][], k = new double[n][][], v = new double[n][][], o = new double[n][][];
            double[] qk = new double[n], ov = new double[n];
            for (int h = 0; h < n; h++) {
                q[h] = SmallDense.gram(m.headQ(h));
                k[h] = SmallDense.gram(m.headK(h));
                v[h] = SmallDense.gram(m.headV(h));
                o[h] = SmallDense.gram(m.headO(h));
                qk[h] = Math.sqrt(Math.max(0, SmallDense.frobeniusInner(q[h], k[h])));
                ov[h] = Math.sqrt(Math.max(0, SmallDense.frobeniusInner(v[h], o[h])));
            }
            return new HeadGrams(q, k, v, o, qk, ov);
        }
    }
}
