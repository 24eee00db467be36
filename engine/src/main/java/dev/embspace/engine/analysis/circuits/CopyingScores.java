package dev.embspace.engine.analysis.circuits;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The OV copying score of every head, as TransformerLens defines it: with lambda the eigenvalues of
 * the full OV circuit W_E W_V W_O W_U (V x V, attended token to promoted token), the score is
 * sum(Re lambda) / sum(|lambda|): near 1 when the head raises the logit of the token it attends to.
 *
 * <p>The V x V matrix is never formed. It is (W_E W_V)(W_O W_U), and AB and BA share their nonzero
 * eigenvalues, so the spectrum comes from the dh x dh matrix W_O (W_U W_E) W_V, where W_U W_E is
 * one d x d product over the vocabulary, shared by all heads. (TransformerLens' W_U is d x V; here
 * the unembedding is stored V x d, so that product is U^T W_E.)
 */
public final class CopyingScores {

    private CopyingScores() {
    }

    /** scores[layer][head]. */
    public static double[][] compute(Transformer model, boolean foldLn, Progress progress) {
        Matrix we = model.embeddings().tokens();
        Matrix wu = ParameterVectors.unembedding(model, foldLn);
        if (we.rows() != wu.rows() || we.cols() != wu.cols()) {
            throw new IllegalArgumentException("input embedding " + we.rows() + "x" + we.cols()
                    + " and unembedding " + wu.rows() + "x" + wu.cols() + " differ in shape");
        }
        int d = we.cols();
        float[] readWrite = new float[d * d];
        // (U^T W_E)[i][j] = sum_t U[t][i] W_E[t][j]: C = A B^T with A = U^T, B = W_E^T (made contiguous)
        Gemm.get().multiplyTransposed(wu.transpose().materialize(), we.transpose().materialize(), readWrite);
        Matrix m = Matrix.wrap(readWrite, d, d);

        progress.start("OV copying scores", model.layers());
        double[][] scores = new double[model.layers()][];
        for (int layer = 0; layer < model.layers(); layer++) {
            HeadMatrices heads = HeadMatrices.of(model, layer, foldLn);
            scores[layer] = new double[heads.heads()];
            for (int h = 0; h < heads.heads(); h++) {
                // W_O (U^T W_E) W_V in the rows layout: headO M headV^T
                double[][] small = SmallDense.timesTransposed(
                        SmallDense.toMatrix(SmallDense.timesTransposed(heads.headO(h), m.transpose())), heads.headV(h));
                scores[layer][h] = score(small);
            }
            progress.advance(1);
        }
        progress.finish();
        return scores;
    }

    /** sum(Re lambda) / sum(|lambda|) over the eigenvalues of a small square matrix. */
    static double score(double[][] square) {
        int n = square.length;
        DMatrixRMaj a = new DMatrixRMaj(square);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(a)) throw new ArithmeticException("eigen decomposition of a " + n + "x" + n + " OV matrix failed");
        double real = 0, magnitude = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = eig.getEigenvalue(i);
            real += lambda.real;
            magnitude += lambda.getMagnitude();
        }
        return magnitude == 0 ? 0 : real / magnitude;
    }
}
