package dev.embspace.engine.project;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The paper's exact reading map: a reading-side vector x (a key, W_Q, W_K, W_V) read through the
 * rows of E' = (E^+)^T instead of E, so that x^T y = (E' x) . (E y) exactly. Since
 * E' = E (E^T E)^+, the scores E' x are E x' with x' = (E^T E)^+ x: the vectors are mapped once by
 * a d x d matrix and then go through the same fused projection as every other read, with no
 * V x d pseudo-inverse ever formed.
 */
public final class PseudoInverseReading {

    /** (E^T E)^+, d x d. */
    private final DMatrixRMaj gramInverse;

    private PseudoInverseReading(DMatrixRMaj gramInverse) {
        this.gramInverse = gramInverse;
    }

    /** (E^T E)^+ through one d x d product over the vocabulary and a small SVD. */
    public static PseudoInverseReading of(Matrix embedding) {
        int d = embedding.cols();
        float[] g = new float[d * d];
        Matrix columns = embedding.transpose().materialize();   // d x V, contiguous rows for the product over tokens
        Gemm.get().multiplyTransposed(columns, columns, g);
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) gram.data[i] = g[i];
        DMatrixRMaj inverse = new DMatrixRMaj(d, d);
        CommonOps_DDRM.pinv(gram, inverse);
        return new PseudoInverseReading(inverse);
    }

    /** The rows of {@code vectors} (n x d) mapped to x' = (E^T E)^+ x, so that E x' = E' x. */
    public Matrix apply(Matrix vectors) {
        int n = vectors.rows(), d = vectors.cols();
        return Matrix.wrap(apply(vectors.toArray(), n, d), n, d);
    }

    /** The same for n rows of d floats, row-major (the Gram inverse is symmetric, so x M = M x). */
    public float[] apply(float[] x, int n, int d) {
        if (d != gramInverse.numRows) throw new IllegalArgumentException("vectors have " + d + " dimensions but E has " + gramInverse.numRows);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int t = 0; t < d; t++) s += x[i * d + t] * gramInverse.unsafe_get(t, c);
                out[i * d + c] = (float) s;
            }
        }
        return out;
    }

    /** The attention with its reading side (W_Q, W_K, W_V) mapped; W_O writes and is left as it is. */
    public Attention readingSide(Attention a) {
        return new Attention(a.heads(), a.kvHeads(), a.headDim(), apply(a.q()), apply(a.k()), apply(a.v()), a.o(),
                a.qBias(), a.kBias(), a.vBias(), a.oBias());
    }
}
