package dev.embspace.engine.translate;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The map between two models that share a vocabulary, through embedding space: a hidden state h of
 * B is read as vocabulary scores E_B h, which are read back into A's space by E_A's pseudo-inverse,
 * so h_A = E_A^+ E_B h. In the paper's row-vector notation this is h_B T with
 * T = E_B^T (E_A^T)^+ (d_B x d_A); here {@link #map()} is its transpose E_A^+ E_B (d_A x d_B), in the
 * engine's layout where a matrix maps column vectors.
 *
 * <p>Neither V-sized product is formed: E_A^+ E_B = (E_A^T E_A)^+ E_A^T E_B, and both factors are
 * d x d products over the vocabulary, computed by {@link Gemm}. The d x d pseudo-inverse is EJML's
 * (SVD in double), which also handles a rank-deficient E_A.
 *
 * @param map d_A x d_B: row i gives A's coordinate i as a combination of B's coordinates
 */
public record Translation(Matrix map, TranslationMethod method) {

    /** The map from B's space into A's, given each model's V x d embedding matrix. */
    public static Translation between(Matrix embeddingA, Matrix embeddingB, TranslationMethod method) {
        if (embeddingA.rows() != embeddingB.rows()) {
            throw new UsageException("the models do not share a vocabulary: " + embeddingA.rows()
                    + " tokens versus " + embeddingB.rows());
        }
        int dA = embeddingA.cols(), dB = embeddingB.cols();
        // rows of E^T are the columns of E, so E_A^T E_B is Gemm's A B^T with A = E_A^T, B = E_B^T;
        // both are copied to contiguous d x V rows, the layout a product over the vocabulary streams
        Matrix columnsA = embeddingA.transpose().materialize();
        Matrix columnsB = embeddingB == embeddingA ? columnsA : embeddingB.transpose().materialize();
        float[] cross = new float[dA * dB];
        Gemm.get().multiplyTransposed(columnsA, columnsB, cross);
        float[] gram = new float[dA * dA];
        Gemm.get().multiplyTransposed(columnsA, columnsA, gram);
        float[] map = switch (method) {
            case PSEUDO_INVERSE -> pseudoInverseTimes(gram, dA, cross, dB);
            case TRANSPOSE -> isotropicScale(gram, dA, cross);
        };
        return new Translation(Matrix.wrap(map, dA, dB), method);
    }

    /** B's hidden states (n x d_B, one per row) as A's (n x d_A). */
    public Matrix apply(Matrix hiddenB) {
        if (hiddenB.cols() != map.cols()) {
            throw new IllegalArgumentException("hidden states have " + hiddenB.cols() + " dimensions, the map reads " + map.cols());
        }
        float[] out = new float[hiddenB.rows() * map.rows()];
        // (T h)^T for every row h: H T^T, Gemm's A B^T with B = T
        Gemm.get().multiplyTransposed(hiddenB, map, out);
        return Matrix.wrap(out, hiddenB.rows(), map.rows());
    }

    /** (E_A^T E_A)^+ (E_A^T E_B), in double. */
    private static float[] pseudoInverseTimes(float[] gram, int dA, float[] cross, int dB) {
        DMatrixRMaj g = new DMatrixRMaj(dA, dA);
        for (int i = 0; i < gram.length; i++) g.data[i] = gram[i];
        DMatrixRMaj gPlus = new DMatrixRMaj(dA, dA);
        CommonOps_DDRM.pinv(g, gPlus);
        DMatrixRMaj c = new DMatrixRMaj(dA, dB);
        for (int i = 0; i < cross.length; i++) c.data[i] = cross[i];
        DMatrixRMaj t = new DMatrixRMaj(dA, dB);
        CommonOps_DDRM.mult(gPlus, c, t);
        float[] out = new float[dA * dB];
        for (int i = 0; i < out.length; i++) out[i] = (float) t.data[i];
        return out;
    }

    /** E_A^T E_B * d_A / trace(E_A^T E_A). */
    private static float[] isotropicScale(float[] gram, int dA, float[] cross) {
        double trace = 0;
        for (int i = 0; i < dA; i++) trace += gram[i * dA + i];
        if (!(trace > 0)) throw new IllegalArgumentException("the embedding matrix is zero");
        float scale = (float) (dA / trace);
        float[] out = cross.clone();
        for (int i = 0; i < out.length; i++) out[i] *= scale;
        return out;
    }
}
