package dev.embspace.bench;

import dev.embspace.engine.parallel.Parallel;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The embspace side of {@code bench/peer.sh}: times one workload in this JVM and prints one line,
 * {@code seconds=S gflops=G}, for the script to set beside numpy's and PyTorch's figures. Runs until
 * the JIT has settled (a few untimed runs), then reports the best of the timed runs, as the peer
 * script does for Python.
 *
 * <p>Usage: {@code PeerMain [--threads N] [--once] gemm M K N | project N D V K [R] | head V R K | neurons L F D V K [R] |
 * heads L H R D V K | align L F D V}; {@code --once} times a single cold run (JIT warm-up included), for the
 * whole-model sweeps that take minutes; {@code --threads N} sets the engine's worker threads (default: all cores).
 */
public final class PeerMain {

    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final int TIMED_RUNS = 5;
    private static final long TIMED_BUDGET_NANOS = 20_000_000_000L;

    private PeerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PeerMain [--threads N] [--once] gemm M K N | project N D V K [R] | head V R K | neurons L F D V K [R] | heads L H R D V K | align L F D V");
            System.exit(2);
        }
        if (args[0].equals("--threads")) {
            Parallel.setThreads(Integer.parseInt(args[1]));
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        boolean once = args[0].equals("--once");
        if (once) args = Arrays.copyOfRange(args, 1, args.length);
        Workload workload = Workload.parse(args);
        if (once) {
            long t0 = System.nanoTime(), c0 = processCpuNanos();
            workload.run();
            report((System.nanoTime() - t0) / 1e9, (processCpuNanos() - c0) / 1e9, workload, args);
            return;
        }
        long warmStart = System.nanoTime();
        for (int i = 0; i < 2 || (i < 10 && System.nanoTime() - warmStart < WARMUP_NANOS); i++) workload.run();
        double best = Double.MAX_VALUE;
        double bestCpu = 0;
        long timedStart = System.nanoTime();
        for (int i = 0; i < TIMED_RUNS && (i < 2 || System.nanoTime() - timedStart < TIMED_BUDGET_NANOS); i++) {
            long t0 = System.nanoTime(), c0 = processCpuNanos();
            workload.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (seconds < best) {
                best = seconds;
                bestCpu = (processCpuNanos() - c0) / 1e9;
            }
        }
        report(best, bestCpu, workload, args);
    }

    /** CPU time of the whole process (all threads, JIT and GC included), for the scaling table. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(double seconds, double cpuSeconds, Workload workload, String[] args) {
        System.out.printf(Locale.ROOT, "seconds=%.6f gflops=%.2f cpu_seconds=%.3f threads=%d args=%s%n",
                seconds, workload.flops() / seconds / 1e9, cpuSeconds, Parallel.threads(), String.join(",", Arrays.asList(args)));
    }
}
