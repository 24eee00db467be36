package dev.embspace.engine.kernel;

/**
 * The one place that decides how the engine vectorizes (Lucene's shape: one provider, a SIMD and a
 * scalar implementation, chosen once per JVM). Every SIMD kernel, the GEMM micro-kernel, the top-k
 * scan ({@link MicroKernel#outside}), the activations and the norms, reads its float species from
 * {@link SimdSpecies#FLOAT}, which follows this choice, so they all run at the same width.
 *
 * <p>{@code -Dembspace.vectorBits=128|256|512} picks a narrower width than the machine's preferred
 * one (so an AVX-512 machine can stand in for AVX2 or NEON); {@code -Dembspace.simd=false} picks the
 * scalar kernels. When the Vector API is missing or unusable the provider falls back to scalar and
 * says so once on stderr.
 */
public interface Vectorization {

    /** The width of every SIMD kernel's vectors in bits; 0 for the scalar provider. */
    int vectorBits();

    /** The vector registers the micro-kernel's register block is sized for (0 for scalar). */
    int vectorRegisters();

    /** The GEMM micro-kernel and top-k scan at this width. */
    MicroKernel microKernel();

    default boolean simd() {
        return vectorBits() > 0;
    }

    /** The provider chosen for this JVM, once. */
    static Vectorization get() {
        return VectorSupport.PROVIDER;
    }

    /** Plain loops everywhere: the reference every SIMD kernel is tested against. */
    static Vectorization scalar() {
        return VectorSupport.SCALAR;
    }
}
