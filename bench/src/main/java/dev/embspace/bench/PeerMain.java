package dev.embspace.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The embspace side of {@code bench/peer.sh}: times one workload in this JVM and prints one line,
 * {@code seconds=S gflops=G}, for the script to set beside numpy's and PyTorch's figures. Runs until
 * the JIT has settled (a few untimed runs), then reports the best of the timed runs, as the peer
 * script does for Python.
 *
 * <p>Usage: {@code PeerMain gemm M K N | project N D V K | head V R K}
 */
public final class PeerMain {

    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final int TIMED_RUNS = 5;
    private static final long TIMED_BUDGET_NANOS = 20_000_000_000L;

    private PeerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PeerMain gemm M K N | project N D V K | head V R K");
            System.exit(2);
        }
        Workload workload = Workload.parse(args);
        long warmStart = System.nanoTime();
        for (int i = 0; i < 2 || (i < 10 && System.nanoTime() - warmStart < WARMUP_NANOS); i++) workload.run();
        double best = Double.MAX_VALUE;
        long timedStart = System.nanoTime();
        for (int i = 0; i < TIMED_RUNS && (i < 2 || System.nanoTime() - timedStart < TIMED_BUDGET_NANOS); i++) {
            long t0 = System.nanoTime();
            workload.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "seconds=%.6f gflops=%.2f args=%s%n",
                best, workload.flops() / best / 1e9, String.join(",", Arrays.asList(args)));
    }
}
