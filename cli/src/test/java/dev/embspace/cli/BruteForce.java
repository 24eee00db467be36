package dev.embspace.cli;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Projections the slow way, in double precision, for comparison with the CLI's output. */
final class BruteForce {

    record Ranked(int id, double score) {
    }

    private BruteForce() {
    }

    /** Scores of every token: E (rows x d, row-major) times x. */
    static double[] scores(float[] embedding, int d, float[] x) {
        int v = embedding.length / d;
        double[] s = new double[v];
        for (int t = 0; t < v; t++) {
            double acc = 0;
            for (int j = 0; j < d; j++) acc += (double) embedding[t * d + j] * x[j];
            s[t] = acc;
        }
        return s;
    }

    /** The k best ids (highest first, or lowest first when {@code bottom}), ties to the lower id. */
    static List<Ranked> top(double[] scores, int k, boolean bottom) {
        Comparator<Ranked> order = Comparator.comparingDouble(Ranked::score);
        if (!bottom) order = order.reversed();
        return IntStream.range(0, scores.length).mapToObj(i -> new Ranked(i, scores[i]))
                .sorted(order.thenComparingInt(Ranked::id)).limit(k).toList();
    }
}
