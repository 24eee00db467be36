package dev.embspace.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Fused projection + top-10 (N vectors, D, V tokens, k): every FF key of a MiniLM and a GPT-2 small
 * layer pair; with {@code reverseK} > 0 the same pass also fills the reverse index (the R best units
 * of every token), so the two rows of one run give its cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class ProjectionBenchmark {

    @Param({"1536 384 30522 10", "3072 768 50257 10"})
    public String shape;

    /** Units per token kept by the reverse index; 0: none. */
    @Param({"0", "20"})
    public int reverseK;

    private Workload workload;

    @Setup
    public void setUp() {
        workload = Workload.parse(("project " + shape + " " + reverseK).split(" "));
    }

    @Benchmark
    public void run() {
        workload.run();
    }
}
