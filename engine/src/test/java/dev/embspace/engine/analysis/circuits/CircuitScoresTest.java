package dev.embspace.engine.analysis.circuits;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitScoresTest {

    @Test
    void copyingScoresMatchTheEigenvaluesOfTheFullVocabularyCircuit() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small().withVocab(60), 1);
        for (boolean fold : new boolean[]{false, true}) {
            double[][] scores = CopyingScores.compute(model, fold, Progress.NONE);
            for (int l = 0; l < model.layers(); l++) {
                for (int h = 0; h < model.block(l).attention().heads(); h++) {
                    DMatrixRMaj full = fullOvCircuit(model, l, h, fold);
                    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(full.numRows, false);
                    assertTrue(eig.decompose(full));
                    double real = 0, magnitude = 0;
                    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
                        real += eig.getEigenvalue(i).real;
                        magnitude += eig.getEigenvalue(i).getMagnitude();
                    }
                    assertEquals(real / magnitude, scores[l][h], 1e-3, "layer " + l + " head " + h + " fold " + fold);
                }
            }
        }
    }

    @Test
    void aHeadWhoseOvCircuitIsTheIdentityOnTokensCopiesPerfectly() {
        // W_E = U = [I_d; 0] and W_V^T W_O = I restricted to the head: W_E W_OV W_U is a projection
        RandomModels.Shape shape = new RandomModels.Shape(20, 8, 1, 2, 2, 4, 8, false, false);
        Transformer random = RandomModels.random("m", shape, 2);
        float[] e = new float[20 * 8];
        for (int i = 0; i < 8; i++) e[i * 8 + i] = 1;
        float[] eye = new float[8 * 8];
        for (int i = 0; i < 8; i++) eye[i * 8 + i] = 1;
        Attention a = random.block(0).attention();
        Attention copying = new Attention(2, 2, 4, a.q(), a.k(), Matrix.wrap(eye, 8, 8), Matrix.wrap(eye.clone(), 8, 8),
                null, null, null, null);
        Block b = random.block(0);
        Transformer model = new Transformer("copy", random.spec(),
                new Embeddings(Matrix.wrap(e, 20, 8), null, null, null, 0),
                List.of(new Block(0, b.attnNorm(), copying, b.mlpNorm(), b.mlp())), null, Matrix.wrap(e.clone(), 20, 8), null);
        double[][] scores = CopyingScores.compute(model, false, Progress.NONE);
        assertEquals(1.0, scores[0][0], 1e-9);
        assertEquals(1.0, scores[0][1], 1e-9);
    }

    @Test
    void compositionScoresMatchDenseProductsOfTheFullMatrices() {
        for (RandomModels.Shape shape : List.of(RandomModels.Shape.small(), RandomModels.Shape.small().grouped(2))) {
            Transformer model = RandomModels.random("m", shape, 3);
            for (boolean fold : new boolean[]{false, true}) {
                CompositionScores.Scores s = CompositionScores.compute(model, fold, Progress.NONE);
                int heads = shape.heads();
                for (int l1 = 0; l1 < model.layers(); l1++) {
                    for (int h1 = 0; h1 < heads; h1++) {
                        DMatrixRMaj ov1 = product(model, l1, h1, VectorKind.ATTN_V, VectorKind.ATTN_O, fold);
                        for (int l2 = 0; l2 < model.layers(); l2++) {
                            for (int h2 = 0; h2 < heads; h2++) {
                                int from = l1 * heads + h1, to = l2 * heads + h2;
                                if (l2 <= l1) {
                                    assertTrue(Double.isNaN(s.q()[from][to]) && Double.isNaN(s.v()[from][to]));
                                    continue;
                                }
                                DMatrixRMaj qk2 = product(model, l2, h2, VectorKind.ATTN_Q, VectorKind.ATTN_K, fold);
                                DMatrixRMaj ov2 = product(model, l2, h2, VectorKind.ATTN_V, VectorKind.ATTN_O, fold);
                                assertEquals(composition(ov1, qk2), s.q()[from][to], 1e-4);
                                assertEquals(composition(ov1, CommonOps_DDRM.transpose(qk2, null)), s.k()[from][to], 1e-4);
                                assertEquals(composition(ov1, ov2), s.v()[from][to], 1e-4);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void resultRecordsTheConvention() {
        Transformer model = RandomModels.random("m", RandomModels.Shape.small(), 4);
        assertTrue(CircuitScores.compute(model, true, Progress.NONE).convention().contains("folded into W_Q"));
        assertTrue(CircuitScores.compute(model, false, Progress.NONE).convention().contains("not folded"));
    }

    private static double composition(DMatrixRMaj left, DMatrixRMaj right) {
        DMatrixRMaj product = new DMatrixRMaj(left.numRows, right.numCols);
        CommonOps_DDRM.mult(left, right, product);
        return NormOps_DDRM.normF(product) / (NormOps_DDRM.normF(left) * NormOps_DDRM.normF(right));
    }

    /** A head's d x d matrix in TransformerLens form (W_V W_O or W_Q W_K^T): its rows of X transposed times its rows of Y, folded by hand. */
    private static DMatrixRMaj product(Transformer m, int layer, int head, VectorKind first, VectorKind second, boolean fold) {
        double[][] a = headRows(m, layer, head, first, fold);
        double[][] b = headRows(m, layer, head, second, fold);
        DMatrixRMaj out = new DMatrixRMaj(a[0].length, b[0].length);
        CommonOps_DDRM.multTransA(new DMatrixRMaj(a), new DMatrixRMaj(b), out);
        return out;
    }

    private static double[][] headRows(Transformer m, int layer, int head, VectorKind kind, boolean fold) {
        Attention a = m.block(layer).attention();
        int g = kind == VectorKind.ATTN_Q || kind == VectorKind.ATTN_O ? head : a.kvHeadOf(head);
        double[][] all = RandomModels.dense(m.vectors(layer, kind, EmbeddingSide.OUTPUT));
        double[][] rows = new double[a.headDim()][];
        Norm norm = kind == VectorKind.ATTN_O ? null : m.block(layer).attnNorm();  // GPT-2 layout: pre-LN
        for (int j = 0; j < a.headDim(); j++) {
            rows[j] = all[g * a.headDim() + j].clone();
            if (fold && norm != null) for (int c = 0; c < rows[j].length; c++) rows[j][c] *= norm.weight().get(c);
        }
        return rows;
    }

    /** W_E W_V W_O W_U as a V x V matrix, the slow way. */
    private static DMatrixRMaj fullOvCircuit(Transformer m, int layer, int head, boolean fold) {
        DMatrixRMaj we = new DMatrixRMaj(RandomModels.dense(m.embeddings().tokens()));
        double[][] u = RandomModels.dense(m.unembedding());
        if (fold) {
            for (double[] row : u) for (int c = 0; c < row.length; c++) row[c] *= m.finalNorm().weight().get(c);
        }
        DMatrixRMaj ov = product(m, layer, head, VectorKind.ATTN_V, VectorKind.ATTN_O, fold);
        DMatrixRMaj left = new DMatrixRMaj(we.numRows, ov.numCols);
        CommonOps_DDRM.mult(we, ov, left);
        DMatrixRMaj full = new DMatrixRMaj(we.numRows, u.length);
        CommonOps_DDRM.multTransB(left, new DMatrixRMaj(u), full);
        return full;
    }
}
