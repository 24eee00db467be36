package dev.embspace.engine.probe;

import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe's optimiser against an independent reference: Newton's method with the exact Hessian
 * of the same objective, which on these small problems reaches the optimum to rounding.
 */
class LogisticRegressionTest {

    /** Gaussian blobs, one per class, overlapping enough that the optimum is finite without L2. */
    record Problem(float[] x, int[] y, int n, int d, int classes) {
        Matrix features() {
            return Matrix.wrap(x, n, d);
        }
    }

    static Problem blobs(int n, int d, int classes, double separation, long seed) {
        Random rng = new Random(seed);
        double[][] centres = new double[classes][d];
        for (double[] c : centres) for (int j = 0; j < d; j++) c[j] = separation * rng.nextGaussian();
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            // uneven scales and offsets per feature, which the standardisation has to absorb
            for (int j = 0; j < d; j++) x[i * d + j] = (float) ((centres[y[i]][j] + rng.nextGaussian()) * (1 + 3 * j) + 10 * j);
        }
        return new Problem(x, y, n, d, classes);
    }

    private static SoftmaxLoss lossOf(Problem p, double lambda) {
        Standardizer s = Standardizer.fit(p.features());
        return new SoftmaxLoss(s.apply(p.features()), p.y(), p.d(), p.classes(), lambda);
    }

    /** Newton's method: full steps along -H^+ g from zero, H the exact Hessian. */
    static double[] newton(double[] x, int[] y, int d, int classes, double lambda) {
        int n = y.length, params = classes * (d + 1);
        SoftmaxLoss loss = new SoftmaxLoss(x, y, d, classes, lambda);
        double[] theta = new double[params];
        double[] g = new double[params];
        for (int iteration = 0; iteration < 100; iteration++) {
            loss.valueAndGradient(theta, g);
            if (Lbfgs.norm(g) < 1e-13) break;
            DMatrixRMaj h = new DMatrixRMaj(params, params);
            double[] p = new double[classes];
            double[] xa = new double[d + 1];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * d, xa, 0, d);
                xa[d] = 1;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double s = theta[classes * d + k];
                    for (int j = 0; j < d; j++) s += theta[k * d + j] * xa[j];
                    p[k] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) sum += p[k] = Math.exp(p[k] - max);
                for (int k = 0; k < classes; k++) p[k] /= sum;
                for (int k = 0; k < classes; k++) {
                    for (int l = 0; l < classes; l++) {
                        double c = (k == l ? p[k] : 0) - p[k] * p[l];
                        for (int a = 0; a <= d; a++) {
                            for (int b = 0; b <= d; b++) {
                                h.add(index(k, a, d, classes), index(l, b, d, classes), c * xa[a] * xa[b] / n);
                            }
                        }
                    }
                }
            }
            for (int q = 0; q < classes * d; q++) h.add(q, q, lambda);
            // the biases are shift-invariant, so H is singular along (1,..,1): the pseudo-inverse
            // takes the minimum-norm step, which keeps their sum at zero like L-BFGS from zero does
            DMatrixRMaj inverse = new DMatrixRMaj(params, params);
            CommonOps_DDRM.pinv(h, inverse);
            DMatrixRMaj step = new DMatrixRMaj(params, 1);
            CommonOps_DDRM.mult(inverse, DMatrixRMaj.wrap(params, 1, g), step);
            for (int q = 0; q < params; q++) theta[q] -= step.data[q];
        }
        return theta;
    }

    private static int index(int k, int a, int d, int classes) {
        return a == d ? classes * d + k : k * d + a;
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        Problem p = blobs(60, 4, 3, 1.0, 1);
        SoftmaxLoss loss = lossOf(p, 0.05);
        Random rng = new Random(2);
        double[] theta = new double[loss.parameters()];
        for (int q = 0; q < theta.length; q++) theta[q] = rng.nextGaussian();
        double[] g = new double[theta.length];
        loss.valueAndGradient(theta, g);
        double h = 1e-5;
        double[] unused = new double[theta.length];
        for (int q = 0; q < theta.length; q++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[q] += h;
            minus[q] -= h;
            double numeric = (loss.valueAndGradient(plus, unused) - loss.valueAndGradient(minus, unused)) / (2 * h);
            assertEquals(numeric, g[q], 1e-7, "parameter " + q);
        }
    }

    @Test
    void lbfgsReachesNewtonsOptimumForBinaryAndMulticlass() {
        for (int classes : new int[]{2, 3, 5}) {
            Problem p = blobs(120, 5, classes, 1.0, 10 + classes);
            double lambda = 0.01;
            Standardizer s = Standardizer.fit(p.features());
            double[] x = s.apply(p.features());
            double[] reference = newton(x, p.y(), p.d(), classes, lambda);
            SoftmaxLoss loss = new SoftmaxLoss(x, p.y(), p.d(), classes, lambda);
            Lbfgs.Result r = Lbfgs.minimize(loss::valueAndGradient, new double[loss.parameters()], new Lbfgs.Options(10, 1000, 1e-9));
            assertTrue(r.converged(), classes + " classes: not converged, gradient " + r.gradientNorm());
            assertArrayEquals(reference, r.x(), 1e-6, classes + " classes");
            double[] g = new double[reference.length];
            double atNewton = loss.valueAndGradient(reference, g);
            assertTrue(Lbfgs.norm(g) < 1e-9, "Newton's answer is a stationary point");
            assertEquals(atNewton, r.value(), 1e-12);
        }
    }

    @Test
    void theFittedHeadReadsRawFeaturesAsTheStandardisedOptimumDoes() {
        Problem p = blobs(90, 4, 3, 1.5, 3);
        LogisticRegression.Options options = new LogisticRegression.Options(0.02, 1000, 1e-9);
        LogisticRegression.Fit fit = LogisticRegression.fit(p.features(), p.y(), 3, options);
        double[] x = fit.standardizer().apply(p.features());
        double[] theta = newton(x, p.y(), p.d(), 3, 0.02);
        float[] scores = fit.head().scores(p.features());
        for (int i = 0; i < p.n(); i++) {
            for (int k = 0; k < 3; k++) {
                double expected = theta[3 * p.d() + k];
                for (int j = 0; j < p.d(); j++) expected += theta[k * p.d() + j] * x[i * p.d() + j];
                assertEquals(expected, scores[i * 3 + k], 1e-4 * (1 + Math.abs(expected)));
            }
        }
    }

    @Test
    void twoClassDirectionsAreOpposite() {
        Problem p = blobs(80, 3, 2, 1.0, 4);
        LinearHead head = LogisticRegression.fit(p.features(), p.y(), 2, LogisticRegression.Options.DEFAULT).head();
        for (int j = 0; j < 3; j++) assertEquals(-head.weights().get(0, j), head.weights().get(1, j), 1e-5);
        assertEquals(-head.bias()[0], head.bias()[1], 1e-4);
    }

    @Test
    void separableClassesAreLearnedAndWeakerL2FitsTighter() {
        Problem p = blobs(200, 6, 4, 6.0, 5);
        LogisticRegression.Fit strong = LogisticRegression.fit(p.features(), p.y(), 4, new LogisticRegression.Options(1.0, 1000, 1e-6));
        LogisticRegression.Fit weak = LogisticRegression.fit(p.features(), p.y(), 4, new LogisticRegression.Options(1e-4, 1000, 1e-6));
        assertEquals(1.0, weak.head().accuracy(p.features(), p.y()));
        assertTrue(strong.converged() && weak.converged());
        // a looser penalty lets the weights grow: the standardised norm can only increase
        assertTrue(norm(weak) > norm(strong));
    }

    private static double norm(LogisticRegression.Fit fit) {
        double s = 0;
        Matrix w = fit.head().weights();
        for (int k = 0; k < w.rows(); k++) {
            for (int j = 0; j < w.cols(); j++) {
                double v = w.get(k, j) * fit.standardizer().scale()[j];
                s += v * v;
            }
        }
        return s;
    }

    @Test
    void theFitIsTheSameOnAnyNumberOfThreads() {
        Problem p = blobs(1000, 8, 3, 1.0, 6);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            LinearHead one = LogisticRegression.fit(p.features(), p.y(), 3, LogisticRegression.Options.DEFAULT).head();
            Parallel.setThreads(2);
            LinearHead two = LogisticRegression.fit(p.features(), p.y(), 3, LogisticRegression.Options.DEFAULT).head();
            assertArrayEquals(one.weights().toArray(), two.weights().toArray());
            assertArrayEquals(one.bias(), two.bias());
        } finally {
            Parallel.setThreads(before);
        }
    }
}
