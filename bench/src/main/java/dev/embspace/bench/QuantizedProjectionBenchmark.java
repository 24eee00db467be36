package dev.embspace.bench;

import dev.embspace.engine.project.Projector;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
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

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fused projection + top-10 of every FF key of a GPT-2 small layer (3072 x 768) against its
 * 50257 x 768 embedding, with both matrices stored in F32, or in llama.cpp's Q8_0 or Q4_K and
 * decoded block by block inside the panel packing. Same shapes and work in one run, so the dtypes
 * compare directly. Quantized blocks are synthetic (random codes, small random scales): decoding
 * costs the same whatever the values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class QuantizedProjectionBenchmark {

    @Param({"F32", "Q8_0", "Q4_K"})
    public String dtype;

    private Matrix vectors;
    private Matrix embedding;

    @Setup
    public void setUp() {
        DType type = DType.valueOf(dtype);
        vectors = matrix(type, 11, 3072, 768);
        embedding = matrix(type, 12, 50257, 768);
    }

    @Benchmark
    public void project() {
        Projector.project(embedding, vectors, 10, false, null);
    }

    static Matrix matrix(DType type, long seed, int rows, int cols) {
        return type == DType.F32 ? BenchData.gaussian(seed, rows, cols) : Matrix.of(synthetic(type, seed, rows, cols), rows, cols);
    }

    /** Random blocks of {@code type} whose f16 scales are small finite numbers. */
    static Tensor synthetic(DType type, long seed, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] bytes = new byte[Math.toIntExact(type.byteSize((long) rows * cols))];
        rnd.nextBytes(bytes);
        MemorySegment s = MemorySegment.ofArray(bytes);
        int[] scales = switch (type) {
            case Q8_0, Q4_0, Q5_0 -> new int[] {0};
            case Q6_K -> new int[] {208};
            default -> new int[] {0, 2};
        };
        for (long b = 0; b < bytes.length / type.blockBytes(); b++) {
            for (int at : scales) {
                s.set(Tensor.I16_LE, b * type.blockBytes() + at, Float.floatToFloat16((float) (rnd.nextDouble() * 0.02)));
            }
        }
        return Tensor.of(type, s, rows, cols);
    }
}
