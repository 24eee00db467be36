package dev.embspace.engine.probe;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.tensor.Matrix;

/**
 * Multinomial logistic regression with L2, the linear probe of frozen features. Features are
 * standardised first (see {@link Standardizer}); the fit is then folded back so the returned
 * {@link LinearHead} reads raw features and its class directions live in the features' own space.
 *
 * <p>The optimiser is full-batch L-BFGS from zero, so the fit is deterministic: the same features
 * and labels give the same head bit for bit, on any number of threads. (Randomness in a probe run,
 * which examples to hold out or sample, is the caller's and takes its seed.) The objective is
 * strictly convex for l2 > 0 once the biases are pinned to sum to zero, which gradient steps from
 * zero preserve, so the answer is the unique optimum, not an accident of the path.
 */
public final class LogisticRegression {

    /**
     * @param l2                the penalty lambda on the standardised weights (mean loss + lambda/2 ||W||^2)
     * @param maxIterations     L-BFGS iterations at most
     * @param gradientTolerance stop once the objective's gradient norm is below this
     */
    public record Options(double l2, int maxIterations, double gradientTolerance) {

        public static final Options DEFAULT = new Options(1e-3, 1000, 1e-6);

        public Options {
            if (!(l2 > 0) || Double.isInfinite(l2)) throw new UsageException("--l2 must be positive and finite, got " + l2);
            if (maxIterations < 1) throw new UsageException("--max-iterations must be at least 1, got " + maxIterations);
        }
    }

    /**
     * @param loss      the objective at the optimum (mean cross-entropy plus penalty)
     * @param converged whether the gradient tolerance was reached within the iteration budget
     */
    public record Fit(LinearHead head, Standardizer standardizer, double loss, int iterations, boolean converged) {
    }

    private static final int LBFGS_MEMORY = 10;

    private LogisticRegression() {
    }

    /**
     * Fits a head to {@code features} (n x d) with {@code labels} in [0, classes).
     *
     * @throws IllegalArgumentException for mismatched sizes or fewer than two classes
     */
    public static Fit fit(Matrix features, int[] labels, int classes, Options options) {
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException(features.rows() + " feature rows but " + labels.length + " labels");
        }
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        int d = features.cols();
        Standardizer standardizer = Standardizer.fit(features);
        SoftmaxLoss loss = new SoftmaxLoss(standardizer.apply(features), labels, d, classes, options.l2());
        Lbfgs.Result r = Lbfgs.minimize(loss::valueAndGradient, new double[loss.parameters()],
                new Lbfgs.Options(LBFGS_MEMORY, options.maxIterations(), options.gradientTolerance()));
        return new Fit(unstandardized(r.x(), standardizer, classes), standardizer, r.value(), r.iterations(), r.converged());
    }

    /**
     * The head on raw features equal to {@code params} on standardised ones:
     * w.(x - m)/s + b = (w/s).x + (b - (w/s).m).
     */
    static LinearHead unstandardized(double[] params, Standardizer standardizer, int classes) {
        int d = standardizer.dim();
        float[] w = new float[classes * d];
        float[] b = new float[classes];
        for (int k = 0; k < classes; k++) {
            double bias = params[classes * d + k];
            for (int j = 0; j < d; j++) {
                double raw = params[k * d + j] / standardizer.scale()[j];
                w[k * d + j] = (float) raw;
                bias -= raw * standardizer.mean()[j];
            }
            b[k] = (float) bias;
        }
        return new LinearHead(Matrix.wrap(w, classes, d), b);
    }
}
