package dev.embspace.engine.translate;

import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TranslationTest {

    private static Matrix random(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
        return Matrix.wrap(a, rows, cols);
    }

    private static DMatrixRMaj toDouble(Matrix m) {
        DMatrixRMaj d = new DMatrixRMaj(m.rows(), m.cols());
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) d.set(r, c, m.get(r, c));
        return d;
    }

    private static void assertClose(DMatrixRMaj expected, Matrix actual, double tolerance) {
        assertEquals(expected.numRows, actual.rows());
        assertEquals(expected.numCols, actual.cols());
        for (int r = 0; r < actual.rows(); r++) {
            for (int c = 0; c < actual.cols(); c++) {
                assertEquals(expected.get(r, c), actual.get(r, c), tolerance, "(" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void aModelTranslatedToItselfIsTheIdentity() {
        Matrix e = random(400, 24, 1);
        Translation t = Translation.between(e, e, TranslationMethod.PSEUDO_INVERSE);
        assertClose(CommonOps_DDRM.identity(24), t.map(), 1e-4);
    }

    @Test
    void theMapMatchesTheDirectPseudoInverseOfE() {
        Matrix a = random(300, 10, 2);
        Matrix b = random(300, 14, 3);
        DMatrixRMaj aPlus = new DMatrixRMaj(10, 300);
        CommonOps_DDRM.pinv(toDouble(a), aPlus);
        DMatrixRMaj expected = new DMatrixRMaj(10, 14);
        CommonOps_DDRM.mult(aPlus, toDouble(b), expected);
        assertClose(expected, Translation.between(a, b, TranslationMethod.PSEUDO_INVERSE).map(), 1e-4);
    }

    @Test
    void aChangeOfBasisIsRecoveredExactly() {
        // B reads the same scores as A through h_A = M h_B: E_B = E_A M, so T must be M
        Matrix a = random(500, 8, 4);
        Matrix m = random(8, 8, 5);
        float[] b = new float[500 * 8];
        dev.embspace.engine.kernel.Gemm.scalar().multiplyTransposed(a, m.transpose(), b);
        Translation t = Translation.between(a, Matrix.wrap(b, 500, 8), TranslationMethod.PSEUDO_INVERSE);
        assertClose(toDouble(m), t.map(), 1e-3);
    }

    @Test
    void aRankDeficientEmbeddingStillGivesTheLeastSquaresMap() {
        // column 3 repeats column 0: E_A^T E_A is singular, and the pseudo-inverse must still apply
        Matrix base = random(200, 6, 6);
        float[] a = base.toArray();
        for (int r = 0; r < 200; r++) a[r * 6 + 3] = a[r * 6];
        Matrix ea = Matrix.wrap(a, 200, 6);
        DMatrixRMaj aPlus = new DMatrixRMaj(6, 200);
        CommonOps_DDRM.pinv(toDouble(ea), aPlus);
        Matrix eb = random(200, 5, 7);
        DMatrixRMaj expected = new DMatrixRMaj(6, 5);
        CommonOps_DDRM.mult(aPlus, toDouble(eb), expected);
        assertClose(expected, Translation.between(ea, eb, TranslationMethod.PSEUDO_INVERSE).map(), 1e-3);
    }

    @Test
    void theTransposeIsThePseudoInverseWhenColumnsAreOrthogonalWithEqualNorms() {
        // E = 3 Q with orthonormal columns: E^+ = E^T / 9 exactly, and so the scaled transpose
        DMatrixRMaj q = toDouble(random(100, 6, 8));
        var qr = org.ejml.dense.row.factory.DecompositionFactory_DDRM.qr(100, 6);
        qr.decompose(q);
        DMatrixRMaj orthonormal = qr.getQ(null, true);
        float[] e = new float[100 * 6];
        for (int i = 0; i < e.length; i++) e[i] = (float) (3 * orthonormal.data[i]);
        Matrix embedding = Matrix.wrap(e, 100, 6);
        Matrix other = random(100, 4, 9);
        Translation pinv = Translation.between(embedding, other, TranslationMethod.PSEUDO_INVERSE);
        Translation transpose = Translation.between(embedding, other, TranslationMethod.TRANSPOSE);
        assertArrayEquals(pinv.map().toArray(), transpose.map().toArray(), 1e-4f);
    }

    @Test
    void translatingTheHeadEqualsTranslatingTheStates() {
        Matrix ea = random(300, 6, 10);
        Matrix eb = random(300, 9, 11);
        Translation t = Translation.between(ea, eb, TranslationMethod.PSEUDO_INVERSE);
        LinearHead head = new LinearHead(random(3, 6, 12), new float[]{0.5f, -1, 0.25f});
        Matrix hiddenB = random(20, 9, 13);
        float[] viaStates = head.scores(t.apply(hiddenB));
        float[] viaHead = head.composedWith(t.map()).scores(hiddenB);
        assertArrayEquals(viaStates, viaHead, 1e-3f);
    }

    @Test
    void aHeadTranslatedToItsOwnModelPredictsTheSame() {
        Matrix e = random(300, 8, 14);
        LinearHead head = new LinearHead(random(4, 8, 15), new float[]{0, 1, -1, 0.5f});
        Matrix hidden = random(200, 8, 16);
        LinearHead self = head.composedWith(Translation.between(e, e, TranslationMethod.PSEUDO_INVERSE).map());
        assertArrayEquals(head.predict(hidden), self.predict(hidden));
    }

    @Test
    void modelsWithDifferentVocabulariesCannotBeTranslated() {
        assertThrows(IllegalArgumentException.class,
                () -> Translation.between(random(10, 4, 1), random(11, 4, 2), TranslationMethod.PSEUDO_INVERSE));
    }
}
