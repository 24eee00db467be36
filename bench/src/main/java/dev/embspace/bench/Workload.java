package dev.embspace.bench;

import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.ProductTopK;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.tensor.Matrix;

import java.util.Locale;

/**
 * The three workloads the engine is benchmarked on, with the peer script's names and shapes:
 * {@code gemm M K N} (C = A B^T, A M x K, B N x K), {@code project N D V K} (top-K tokens of N
 * vectors against a V x D embedding) and {@code head V R K} (top-K entries of A B^T, A and B V x R).
 * The constructor builds the inputs; {@link #run} is the timed part.
 */
abstract sealed class Workload {

    /** Floating-point operations of one run (for GFLOP/s), counted as the dense product would. */
    abstract double flops();

    abstract void run();

    static Workload parse(String[] args) {
        String name = args[0].toLowerCase(Locale.ROOT);
        int[] n = new int[args.length - 1];
        for (int i = 1; i < args.length; i++) n[i - 1] = Integer.parseInt(args[i]);
        return switch (name) {
            case "gemm" -> new GemmRun(n[0], n[1], n[2]);
            case "project" -> new ProjectRun(n[0], n[1], n[2], n[3]);
            case "head" -> new HeadRun(n[0], n[1], n[2]);
            default -> throw new IllegalArgumentException("unknown workload '" + args[0] + "' (gemm, project, head)");
        };
    }

    static final class GemmRun extends Workload {
        private final Matrix a;
        private final Matrix b;
        private final float[] c;

        GemmRun(int m, int k, int n) {
            a = BenchData.gaussian(1, m, k);
            b = BenchData.gaussian(2, n, k);
            c = new float[Math.multiplyExact(m, n)];
        }

        @Override
        double flops() {
            return 2.0 * a.rows() * b.rows() * a.cols();
        }

        @Override
        void run() {
            Gemm.get().multiplyTransposed(a, b, c);
        }
    }

    static final class ProjectRun extends Workload {
        private final Matrix vectors;
        private final Matrix embedding;
        private final int k;

        ProjectRun(int n, int d, int v, int k) {
            vectors = BenchData.gaussian(3, n, d);
            embedding = BenchData.gaussian(4, v, d);
            this.k = k;
        }

        @Override
        double flops() {
            return 2.0 * vectors.rows() * embedding.rows() * vectors.cols();
        }

        @Override
        void run() {
            Projector.project(embedding, vectors, k, false, null);
        }
    }

    static final class HeadRun extends Workload {
        private final Matrix a;
        private final Matrix b;
        private final int k;

        HeadRun(int v, int r, int k) {
            a = BenchData.gaussian(5, v, r);
            b = BenchData.gaussian(6, v, r);
            this.k = k;
        }

        @Override
        double flops() {
            return 2.0 * a.rows() * b.rows() * a.cols();
        }

        @Override
        void run() {
            ProductTopK.get().top(a, b, k, null, null, false);
        }
    }
}
