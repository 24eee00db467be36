package dev.embspace.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The embspace side of {@code bench/peer.sh}: times one workload in this JVM and prints one line,
 * {@code seconds=S gflops=G}, for the script to set beside numpy's and PyTorch's figures. Runs until
 * the JIT has settled (a few untimed runs), then reports the best of the timed runs, as the peer
 * script does for Python.
 *
 * <p>Usage: {@code PeerMain [--once] gemm M K N | project N D V K [R] | head V R K | neurons L F D V K [R] |
 * heads L H R D V K | align L F D V}; {@code --once} times a single cold run (JIT warm-up included), for the
 * whole-model sweeps that take minutes.
 */
public final class PeerMain {

    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final int TIMED_RUNS = 5;
    private static final long TIMED_BUDGET_NANOS = 20_000_000_000L;

    private PeerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PeerMain [--once] gemm M K N | project N D V K [R] | head V R K | neurons L F D V K [R] | heads L H R D V K | align L F D V");
            System.exit(2);
        }
        boolean once = args[0].equals("--once");
        if (once) args = Arrays.copyOfRange(args, 1, args.length);
        Workload workload = Workload.parse(args);
        if (once) {
            long t0 = System.nanoTime();
            workload.run();
            report((System.nanoTime() - t0) / 1e9, workload, args);
            return;
        }
        long warmStart = System.nanoTime();
        for (int i = 0; i < 2 || (i < 10 && System.nanoTime() - warmStart < WARMUP_NANOS); i++) workload.run();
        double best = Double.MAX_VALUE;
        long timedStart = System.nanoTime();
        for (int i = 0; i < TIMED_RUNS && (i < 2 || System.nanoTime() - timedStart < TIMED_BUDGET_NANOS); i++) {
            long t0 = System.nanoTime();
            workload.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        report(best, workload, args);
    }

    private static void report(double seconds, Workload workload, String[] args) {
        System.out.printf(Locale.ROOT, "seconds=%.6f gflops=%.2f args=%s%n",
                seconds, workload.flops() / seconds / 1e9, String.join(",", Arrays.asList(args)));
    }
}
