package dev.embspace.engine.project;

import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** --reading pinv: projecting the mapped vectors through E equals projecting through the rows of E^+ by brute force. */
public class PseudoInverseReadingTest {

    @Test
    void mappedVectorsThroughEReadAsRowsOfThePseudoInverse() {
        for (Transformer model : List.of(TinyTransformers.gpt2(61), TinyTransformers.llama(62, 4, 2))) {
            Matrix e = model.unembedding();
            double[][] ePrime = pinvTransposed(e);
            Matrix keys = model.block(1).mlp().key().rowRange(0, 6);
            List<Projection> fused = Projector.project(e, PseudoInverseReading.of(e).apply(keys), 7, true, null);
            for (int i = 0; i < keys.rows(); i++) {
                assertReads(ePrime, keys.row(i), fused.get(i), model.name() + " key " + i);
            }
        }
    }

    @Test
    void theReadingSideOfAHeadIsMappedAndWoIsNot() {
        Transformer model = TinyTransformers.gpt2(63);
        Attention a = model.block(0).attention();
        Attention mapped = PseudoInverseReading.of(model.unembedding()).readingSide(a);
        assertEquals(a.o(), mapped.o());
        double[][] ePrime = pinvTransposed(model.unembedding());
        Projection p = Projector.project(model.unembedding(), mapped.v().rowRange(2, 3), 5, false, null).getFirst();
        assertReads(ePrime, a.v().row(2), p, "W_V row 2");
    }

    /** The top of E' x in double, E' = (E^+)^T from EJML's pseudo-inverse of the whole V x d matrix. */
    static void assertReads(double[][] ePrime, float[] x, Projection actual, String what) {
        double[] scores = new double[ePrime.length];
        for (int t = 0; t < scores.length; t++) {
            for (int c = 0; c < x.length; c++) scores[t] += ePrime[t][c] * x[c];
        }
        List<Integer> order = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> -scores[t])).toList();
        for (int r = 0; r < actual.top().size(); r++) {
            assertEquals(order.get(r), actual.top().get(r).id(), what + " rank " + r);
            assertEquals(scores[order.get(r)], actual.top().get(r).score(), 1e-4 * Math.max(1, Math.abs(scores[order.get(r)])), what);
        }
        for (int r = 0; r < actual.bottom().size(); r++) {
            assertEquals(order.get(scores.length - 1 - r), actual.bottom().get(r).id(), what + " bottom rank " + r);
        }
    }

    public static double[][] pinvTransposed(Matrix e) {
        DMatrixRMaj m = new DMatrixRMaj(e.rows(), e.cols());
        for (int t = 0; t < e.rows(); t++) for (int c = 0; c < e.cols(); c++) m.set(t, c, e.get(t, c));
        DMatrixRMaj pinv = new DMatrixRMaj(e.cols(), e.rows());
        CommonOps_DDRM.pinv(m, pinv);
        double[][] out = new double[e.rows()][e.cols()];
        for (int t = 0; t < e.rows(); t++) for (int c = 0; c < e.cols(); c++) out[t][c] = pinv.get(c, t);
        return out;
    }
}
