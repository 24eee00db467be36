package dev.embspace.engine.kernel;

/**
 * Chooses the micro-kernel once. The Vector API is an incubator module: without
 * {@code --add-modules jdk.incubator.vector} its classes are missing, and on hardware without SIMD
 * registers it falls back to slow Java code, so the scalar kernel is chosen in both cases. The
 * system property {@code embspace.simd=false} forces the scalar kernel (for comparisons).
 */
final class VectorSupport {

    static final MicroKernel BEST_KERNEL = choose();

    private VectorSupport() {
    }

    private static MicroKernel choose() {
        if ("false".equalsIgnoreCase(System.getProperty("embspace.simd"))) return MicroKernel.scalar();
        try {
            return VectorMicroKernel.vectorBits() >= 128 ? VectorMicroKernel.INSTANCE : MicroKernel.scalar();
        } catch (LinkageError missingVectorModule) {
            return MicroKernel.scalar();
        }
    }
}
