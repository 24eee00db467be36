package dev.embspace.engine.probe;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS for smooth convex objectives (Nocedal and Wright, Numerical Optimization,
 * algorithm 7.4 and 7.5): the search direction is the gradient multiplied by an inverse-Hessian
 * estimate built from the last {@code memory} steps, and each step is accepted by a backtracking
 * line search on the Armijo condition. Nothing is random, so the same problem always gives the
 * same answer.
 */
final class Lbfgs {

    /** f(x), with its gradient written to {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /** @param gradientTolerance stop once the gradient's Euclidean norm is at most this */
    record Options(int memory, int maxIterations, double gradientTolerance) {
        Options {
            if (memory < 1 || maxIterations < 1 || !(gradientTolerance > 0)) {
                throw new IllegalArgumentException("invalid L-BFGS options " + memory + ", " + maxIterations + ", " + gradientTolerance);
            }
        }
    }

    record Result(double[] x, double value, double gradientNorm, int iterations, boolean converged) {
    }

    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 60;

    private Lbfgs() {
    }

    static Result minimize(Objective f, double[] start, Options options) {
        int p = start.length;
        double[] x = start.clone();
        double[] g = new double[p];
        double value = f.valueAndGradient(x, g);
        Deque<double[][]> history = new ArrayDeque<>(); // {s, y, {1 / (y.s)}}, newest first
        double[] nextX = new double[p];
        double[] nextG = new double[p];
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            double gNorm = norm(g);
            if (gNorm <= options.gradientTolerance()) return new Result(x, value, gNorm, iteration, true);
            double[] direction = direction(g, history);
            double slope = dot(direction, g);
            if (slope >= 0) {
                // the estimate lost positive definiteness (rounding): restart from steepest descent
                history.clear();
                direction = direction(g, history);
                slope = dot(direction, g);
            }
            // the first step has no curvature information yet: make it of unit length
            double step = history.isEmpty() ? Math.min(1, 1 / gNorm) : 1;
            double nextValue = Double.NaN;
            boolean accepted = false;
            for (int b = 0; b < MAX_BACKTRACKS; b++) {
                for (int i = 0; i < p; i++) nextX[i] = x[i] + step * direction[i];
                nextValue = f.valueAndGradient(nextX, nextG);
                if (nextValue <= value + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted) return new Result(x, value, gNorm, iteration, false);
            double[] s = new double[p];
            double[] y = new double[p];
            for (int i = 0; i < p; i++) {
                s[i] = nextX[i] - x[i];
                y[i] = nextG[i] - g[i];
            }
            double ys = dot(y, s);
            // keep the pair only with positive curvature, which keeps the estimate positive definite
            if (ys > 1e-12 * norm(y) * norm(s)) {
                history.addFirst(new double[][]{s, y, {1 / ys}});
                if (history.size() > options.memory()) history.removeLast();
            }
            System.arraycopy(nextX, 0, x, 0, p);
            System.arraycopy(nextG, 0, g, 0, p);
            value = nextValue;
        }
        double gNorm = norm(g);
        return new Result(x, value, gNorm, options.maxIterations(), gNorm <= options.gradientTolerance());
    }

    /** -H g by the two-loop recursion, H the L-BFGS inverse-Hessian estimate from {@code history}. */
    private static double[] direction(double[] g, Deque<double[][]> history) {
        double[] q = g.clone();
        double[] alpha = new double[history.size()];
        int k = 0;
        for (double[][] pair : history) {
            alpha[k] = pair[2][0] * dot(pair[0], q);
            axpy(-alpha[k], pair[1], q);
            k++;
        }
        if (!history.isEmpty()) {
            double[][] newest = history.peekFirst();
            double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
            for (int i = 0; i < q.length; i++) q[i] *= gamma;
        }
        Iterator<double[][]> oldestFirst = history.descendingIterator();
        k = history.size() - 1;
        while (oldestFirst.hasNext()) {
            double[][] pair = oldestFirst.next();
            double beta = pair[2][0] * dot(pair[1], q);
            axpy(alpha[k] - beta, pair[0], q);
            k--;
        }
        for (int i = 0; i < q.length; i++) q[i] = -q[i];
        return q;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }
}
