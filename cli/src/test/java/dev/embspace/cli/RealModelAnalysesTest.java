package dev.embspace.cli;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.align.AlignOptions;
import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.analysis.align.KindAlignment;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.keepk.KeepK;
import dev.embspace.engine.analysis.keepk.KeepKCurve;
import dev.embspace.engine.analysis.keepk.KeepKOptions;
import dev.embspace.engine.analysis.keepk.KeepKResult;
import dev.embspace.engine.analysis.keepk.VectorFamily;
import dev.embspace.engine.analysis.pairs.LayerOverlap;
import dev.embspace.engine.analysis.pairs.PairsOptions;
import dev.embspace.engine.analysis.pairs.PairsResult;
import dev.embspace.engine.analysis.pairs.RelatedPairs;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyses on the real models behind the aliases (one import per JVM, shared through
 * {@link RealModels}); what each run showed is printed to the test output for the record.
 */
class RealModelAnalysesTest {

    private static LoadedModel minilm;

    @BeforeAll
    static void load() {
        minilm = ModelLoader.load(RealModels.minilm().toString(), Progress.NONE);
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    @Test
    void relatedPairsOverlapMoreThanShuffledPairsInEveryLayerOfMinilm() {
        PairsResult r = RelatedPairs.compute(minilm.transformer(),
                new PairsOptions(100, false, 42, false, EmbeddingSide.OUTPUT, null, 64), Progress.NONE);
        assertEquals(6, r.layers().size());
        for (LayerOverlap l : r.layers()) {
            System.out.printf(Locale.ROOT, "minilm pairs L%d kv %.4f/%.4f vo %.4f/%.4f qk %.4f/%.4f%n", l.layer(),
                    l.kv(), l.kvShuffled(), l.vo(), l.voShuffled(), l.qk(), l.qkShuffled());
            assertTrue(l.kv() > l.kvShuffled(), "kv in layer " + l.layer());
            assertTrue(l.vo() > l.voShuffled(), "vo in layer " + l.layer());
            assertTrue(l.qk() > l.qkShuffled(), "qk in layer " + l.layer());
        }
    }

    @Test
    void minilmAlignedWithItselfIsTheIdentityMatchingAndEachVectorCorrelatesFullyWithItself() {
        Transformer t = minilm.transformer();
        AlignResult r = Alignment.align(t, t, new AlignOptions(null, true, false, EmbeddingSide.OUTPUT), Progress.NONE);
        assertEquals(6, r.kinds().size());
        for (KindAlignment k : r.kinds()) {
            System.out.println("minilm self-align " + k.kind() + " matching " + k.matching() + " raw " + k.rawMatching()
                    + String.format(Locale.ROOT, " diagonal L0 %.4f, off-diagonal L0-L1 %.4f", k.matrix()[0][0], k.matrix()[0][1]));
            assertEquals(List.of(0, 1, 2, 3, 4, 5), k.matching(), k.kind().label());
            assertEquals(List.of(0, 1, 2, 3, 4, 5), k.rawMatching(), k.kind().label());
        }
        Matrix c = Alignment.correlations(t, 3, t, 3, VectorKind.FF_VALUE, AlignOptions.defaults());
        for (int i = 0; i < c.rows(); i++) assertEquals(1.0, c.get(i, i), 1e-3, "ff.value " + i);
    }

    @Test
    void e5AlignsWithBgeOverTheSharedBertVocabulary() {
        try (LoadedModel e5 = ModelLoader.load(RealModels.e5().toString(), Progress.NONE);
             LoadedModel bge = ModelLoader.load(RealModels.bge().toString(), Progress.NONE)) {
            Alignment.requireSharedVocabulary("e5", e5.vocabulary(), "bge", bge.vocabulary());
            AlignResult r = Alignment.align(e5.transformer(), bge.transformer(),
                    new AlignOptions(List.of(VectorKind.ATTN_O), true, false, EmbeddingSide.OUTPUT),
                    Progress.NONE);
            for (KindAlignment k : r.kinds()) {
                System.out.println("e5 vs bge " + k.kind() + " matching " + k.matching() + " raw " + k.rawMatching());
                assertEquals(12, k.matrix().length);
                for (double[] row : k.matrix()) for (double v : row) assertTrue(v > 0 && v < 1, "mean |corr| " + v);
                assertEquals(12, new HashSet<>(k.matching()).size(), "a permutation of B's layers");
            }
        }
    }

    @Test
    void theTransposeSurvivesKeepKBetterThanThePseudoInverseOnMinilm() {
        KeepKResult r = KeepK.compute(minilm.transformer(), new KeepKOptions(50, 10, 42, null, EmbeddingSide.OUTPUT),
                Progress.NONE);
        assertEquals(10, r.k()[0]);
        assertEquals(30522, r.k()[r.k().length - 1]);
        for (KeepKCurve c : r.curves()) {
            int last = r.k().length - 1;
            System.out.printf(Locale.ROOT, "minilm keepk %s: k=10 E^T %.3f E^+ %.3f; k=%d E^T %.3f E^+ %.3f; k=V E^T %.3f E^+ %.3f%n",
                    c.family().label(), c.transpose()[0], c.pseudoInverse()[0], r.k()[3], c.transpose()[3],
                    c.pseudoInverse()[3], c.transpose()[last], c.pseudoInverse()[last]);
            assertEquals(1.0, c.pseudoInverse()[last], 1e-4, "E^+ is exact at k = V");
            if (c.family() != VectorFamily.EMBEDDINGS) {
                assertTrue(c.transpose()[0] > c.pseudoInverse()[0] + 0.1, c.family() + " at k = 10");
            }
        }
    }

    @Test
    void copyingScoresAgreeWithTheFullWidthCircuitOnMinilm() {
        Transformer t = minilm.transformer();
        CircuitScores s = CircuitScores.compute(t, false, Progress.NONE);
        for (double[] layer : s.copying()) for (double v : layer) assertTrue(v >= -1 - 1e-9 && v <= 1 + 1e-9);
        for (double[] row : s.composition().v()) {
            for (double v : row) assertTrue(Double.isNaN(v) || (v >= 0 && v <= 1 + 1e-6), "composition " + v);
        }
        // head 7 of layer 0 through the d x d route: eig(W_OV U^T W_E), independent of the dh x dh one
        Attention a = t.block(0).attention();
        DMatrixRMaj ov = new DMatrixRMaj(384, 384);
        CommonOps_DDRM.multTransA(dense(a.headV(7)), dense(a.headO(7)), ov);
        float[] product = new float[384 * 384];   // U^T W_E over the vocabulary, through the engine's product
        Gemm.get().multiplyTransposed(t.unembedding().transpose().materialize(),
                t.embeddings().tokens().transpose().materialize(), product);
        DMatrixRMaj readWrite = new DMatrixRMaj(384, 384);
        for (int i = 0; i < product.length; i++) readWrite.data[i] = product[i];
        DMatrixRMaj full = new DMatrixRMaj(384, 384);
        CommonOps_DDRM.mult(ov, readWrite, full);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(384, false);
        assertTrue(eig.decompose(full));
        double real = 0, magnitude = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            real += eig.getEigenvalue(i).real;
            magnitude += eig.getEigenvalue(i).getMagnitude();
        }
        System.out.printf(Locale.ROOT, "minilm copying L0H7 %.4f (d x d route %.4f); L0: %s%n", s.copying()[0][7],
                real / magnitude, Arrays.toString(s.copying()[0]));
        assertEquals(real / magnitude, s.copying()[0][7], 2e-3);
    }

    private static DMatrixRMaj dense(Matrix m) {
        DMatrixRMaj out = new DMatrixRMaj(m.rows(), m.cols());
        float[] row = new float[m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.row(r, row);
            for (int c = 0; c < m.cols(); c++) out.unsafe_set(r, c, row[c]);
        }
        return out;
    }
}
