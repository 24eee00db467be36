package dev.embspace.bench;

import dev.embspace.engine.parallel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The guard on the hot path ({@code bench/guard.sh}): the fused projection + top-10 and the plain
 * GEMM of the same shape (256 vectors, d 384, V 30522: MiniLM's), in one fork, so their ratio
 * is taken under the same conditions, on one thread. The fused path does the GEMM's arithmetic and a SIMD scan
 * of each tile; it should run at nearly the GEMM's speed, and the guard fails below 0.8 of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class GuardBenchmark {

    private static final String SHAPE = "256 384 30522";

    private Workload gemm;
    private Workload fused;

    @Setup
    public void setUp() {
        // one worker: the ratio of two kernels, not how a loaded machine schedules two threads
        Parallel.setThreads(1);
        gemm = Workload.parse(("gemm " + SHAPE).split(" "));
        fused = Workload.parse(("project " + SHAPE + " 10").split(" "));
    }

    @Benchmark
    public void gemm() {
        gemm.run();
    }

    @Benchmark
    public void fusedProjection() {
        fused.run();
    }
}
