package dev.embspace.engine.project;

import dev.embspace.engine.model.Attention;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The singular directions of a head's d x d circuit matrix (Millidge & Black's SVD view):
 * W_OV = W_V W_O or W_QK = W_Q W_K^T, of rank at most head_dim. The d x d matrix is never formed
 * nor decomposed: with W = A B^T for the d x dh factors A = fromSide^T and B = toSide^T, the thin
 * QR factorisations A = Qa Ra and B = Qb Rb give W = Qa (Ra Rb^T) Qb^T, and the SVD of the dh x dh
 * core Ra Rb^T = U S V^T gives W's: left vectors Qa U, right vectors Qb V, singular values S.
 * Each singular vector pair is defined up to a joint sign; it is fixed so that the right vector's
 * strongest token score is positive, so "promoted" tokens read as promoted.
 */
public final class HeadSvd {

    /**
     * One singular direction, largest first ({@code rank} 0).
     *
     * @param left  the reading side (attended token for OV, query token for QK), d values
     * @param right the writing side (promoted token for OV, key token for QK), d values
     */
    public record Direction(int rank, double singularValue, float[] left, float[] right) {
    }

    /** A direction read as tokens on both sides. */
    public record Reading(Direction direction, List<TokenScore> left, List<TokenScore> right) {
    }

    private HeadSvd() {
    }

    /** The top {@code count} singular directions of the head's circuit (all head_dim if count is larger). */
    public static List<Direction> directions(Attention attention, int head, Circuit circuit, int count) {
        DMatrixRMaj a = columns(circuit.fromSide(attention, head));
        DMatrixRMaj b = columns(circuit.toSide(attention, head));
        int d = a.numRows, dh = a.numCols;
        DMatrixRMaj[] qa = thinQr(a);
        DMatrixRMaj[] qb = thinQr(b);
        DMatrixRMaj core = new DMatrixRMaj(dh, dh);
        CommonOps_DDRM.multTransB(qa[1], qb[1], core);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(dh, dh, true, true, false);
        if (!svd.decompose(core)) throw new IllegalStateException("SVD of the head's " + dh + " x " + dh + " core did not converge");
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        DMatrixRMaj left = new DMatrixRMaj(d, dh);
        DMatrixRMaj right = new DMatrixRMaj(d, dh);
        CommonOps_DDRM.mult(qa[0], u, left);
        CommonOps_DDRM.mult(qb[0], v, right);
        List<Direction> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, dh); i++) {
            out.add(new Direction(i, w.get(i, i), column(left, i), column(right, i)));
        }
        return out;
    }

    /**
     * The directions read through E: top-k tokens of E left and E right, with the sign fixed as the
     * class comment says. One call of the fused projection covers every direction of the list.
     */
    public static List<Reading> read(Matrix embedding, List<Direction> directions, int k, IntPredicate allowed) {
        int n = directions.size();
        if (n == 0) return List.of();
        int d = embedding.cols();
        float[] packed = new float[2 * n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(directions.get(i).left(), 0, packed, (2 * i) * d, d);
            System.arraycopy(directions.get(i).right(), 0, packed, (2 * i + 1) * d, d);
        }
        List<Projection> p = Projector.project(embedding, Matrix.wrap(packed, 2 * n, d), k, true, allowed);
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Projection left = p.get(2 * i), right = p.get(2 * i + 1);
            Direction dir = directions.get(i);
            boolean flip = !right.bottom().isEmpty() && !right.top().isEmpty()
                    && -right.bottom().getFirst().score() > right.top().getFirst().score();
            if (flip) {
                out.add(new Reading(new Direction(dir.rank(), dir.singularValue(), negate(dir.left()), negate(dir.right())),
                        negate(left.bottom()), negate(right.bottom())));
            } else {
                out.add(new Reading(dir, left.top(), right.top()));
            }
        }
        return out;
    }

    /** The head's [dh x d] rows as the columns of a d x dh double matrix. */
    private static DMatrixRMaj columns(Matrix rows) {
        DMatrixRMaj m = new DMatrixRMaj(rows.cols(), rows.rows());
        float[] row = new float[rows.cols()];
        for (int j = 0; j < rows.rows(); j++) {
            rows.row(j, row);
            for (int c = 0; c < row.length; c++) m.set(c, j, row[c]);
        }
        return m;
    }

    /** {Q (d x dh, orthonormal columns), R (dh x dh)}. */
    private static DMatrixRMaj[] thinQr(DMatrixRMaj a) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        if (!qr.decompose(a.copy())) throw new IllegalStateException("QR of a head's factor failed");
        return new DMatrixRMaj[]{qr.getQ(null, true), qr.getR(null, true)};
    }

    private static float[] column(DMatrixRMaj m, int c) {
        float[] out = new float[m.numRows];
        for (int r = 0; r < m.numRows; r++) out[r] = (float) m.get(r, c);
        return out;
    }

    private static float[] negate(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = -v[i];
        return out;
    }

    /** Bottom-k of x read as top-k of -x: same tokens, scores negated. */
    private static List<TokenScore> negate(List<TokenScore> scores) {
        return scores.stream().map(s -> new TokenScore(s.id(), -s.score())).toList();
    }
}
