package dev.embspace.engine.probe;

import dev.embspace.engine.parallel.Parallel;

import java.util.Arrays;

/**
 * The objective of multinomial logistic regression with an L2 penalty on the weights (not the
 * biases): L(W, b) = (1/n) sum_i -log softmax(W x_i + b)[y_i] + (lambda/2) ||W||^2.
 * Its gradient: dL/dW_k = (1/n) sum_i (p_ik - [y_i = k]) x_i + lambda W_k, dL/db_k the same without
 * x_i and the penalty. Parameters are packed as K x d weights (row-major) then K biases.
 *
 * <p>Examples are summed in fixed blocks, each block's partial sums added in block order, so the
 * result is the same bit for bit whatever the number of threads.
 */
final class SoftmaxLoss {

    private static final int EXAMPLES_PER_BLOCK = 256;

    private final double[] x;
    private final int[] y;
    private final int n;
    private final int d;
    private final int classes;
    private final double lambda;

    /**
     * @param x       n x d features, row-major (standardised)
     * @param y       class of each example, in [0, classes)
     * @param lambda  the L2 strength, at least 0
     */
    SoftmaxLoss(double[] x, int[] y, int d, int classes, double lambda) {
        this.x = x;
        this.y = y;
        this.n = y.length;
        this.d = d;
        this.classes = classes;
        this.lambda = lambda;
        if ((long) n * d != x.length) throw new IllegalArgumentException(x.length + " features for " + n + " examples of " + d);
        for (int c : y) if (c < 0 || c >= classes) throw new IllegalArgumentException("class " + c + " outside [0, " + classes + ")");
    }

    int parameters() {
        return classes * (d + 1);
    }

    /** The loss at {@code params}; its gradient is written to {@code gradient}. */
    double valueAndGradient(double[] params, double[] gradient) {
        int blocks = (n + EXAMPLES_PER_BLOCK - 1) / EXAMPLES_PER_BLOCK;
        double[][] partialGrad = new double[blocks][];
        double[] partialLoss = new double[blocks];
        Parallel.forRange(blocks, b -> {
            double[] g = new double[parameters()];
            partialLoss[b] = accumulate(params, b * EXAMPLES_PER_BLOCK, Math.min(n, (b + 1) * EXAMPLES_PER_BLOCK), g);
            partialGrad[b] = g;
        });
        Arrays.fill(gradient, 0);
        double loss = 0;
        for (int b = 0; b < blocks; b++) {
            loss += partialLoss[b];
            double[] g = partialGrad[b];
            for (int p = 0; p < g.length; p++) gradient[p] += g[p];
        }
        loss /= n;
        for (int p = 0; p < gradient.length; p++) gradient[p] /= n;
        double penalty = 0;
        for (int p = 0; p < classes * d; p++) {
            penalty += params[p] * params[p];
            gradient[p] += lambda * params[p];
        }
        return loss + 0.5 * lambda * penalty;
    }

    /** Sum over examples [from, to) of the cross-entropy, and of its gradient into {@code g}. */
    private double accumulate(double[] params, int from, int to, double[] g) {
        double[] logits = new double[classes];
        double loss = 0;
        int biasOffset = classes * d;
        for (int i = from; i < to; i++) {
            int row = i * d;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = params[biasOffset + k];
                int w = k * d;
                for (int j = 0; j < d; j++) s += params[w + j] * x[row + j];
                logits[k] = s;
                max = Math.max(max, s);
            }
            // log-sum-exp shifted by the max, so large logits cannot overflow
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(logits[k] - max);
            double logSum = max + Math.log(sum);
            loss += logSum - logits[y[i]];
            for (int k = 0; k < classes; k++) {
                double residual = Math.exp(logits[k] - logSum) - (k == y[i] ? 1 : 0);
                int w = k * d;
                for (int j = 0; j < d; j++) g[w + j] += residual * x[row + j];
                g[biasOffset + k] += residual;
            }
        }
        return loss;
    }
}
