package dev.embspace.engine.parallel;

import dev.embspace.engine.UsageException;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The engine's one parallel-for idiom: split a range of independent tasks over a pool sized by
 * {@code --threads}. Callers make each task big (a tile, a block of rows), never one per element.
 */
public final class Parallel {

    private static volatile ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    private Parallel() {
    }

    /** More threads than this many per core only cost memory and switching; a million would exhaust the machine. */
    static final int MAX_THREADS_PER_CORE = 4;

    /** The most worker threads {@code --threads} accepts on this machine. */
    public static int maxThreads() {
        return MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /** Sets the number of worker threads (the CLI's --threads). */
    public static synchronized void setThreads(int threads) {
        if (threads < 1 || threads > maxThreads()) {
            throw new UsageException("--threads must be between 1 and " + maxThreads() + " (" + MAX_THREADS_PER_CORE
                    + " per core on this machine's " + Runtime.getRuntime().availableProcessors() + "), got " + threads);
        }
        if (threads != pool.getParallelism()) {
            ForkJoinPool old = pool;
            pool = new ForkJoinPool(threads);
            old.shutdown();
        }
    }

    public static int threads() {
        return pool.getParallelism();
    }

    /** Runs {@code body.accept(i)} for every i in [0, n), in parallel, and waits for all. */
    public static void forRange(int n, IntConsumer body) {
        if (n <= 0) return;
        if (n == 1 || pool.getParallelism() == 1) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
    }
}
