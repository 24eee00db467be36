package dev.embspace.engine.kernel;

import jdk.incubator.vector.FloatVector;

import java.util.Locale;

/**
 * Chooses the {@link Vectorization} once. The Vector API is an incubator module: without
 * {@code --add-modules jdk.incubator.vector} its classes are missing, and on hardware without SIMD
 * registers it falls back to slow Java code; in both cases the scalar provider is chosen and one
 * line on stderr says why. {@code embspace.simd=false} chooses scalar silently (for comparisons);
 * {@code embspace.vectorBits} narrows the width.
 */
final class VectorSupport {

    static final Vectorization SCALAR = new Chosen(0, 0);
    static final Vectorization PROVIDER = choose(System.getProperty("embspace.simd"),
            System.getProperty("embspace.vectorBits"), System.getProperty("os.arch", ""));

    private VectorSupport() {
    }

    /** The choice: an immutable width and register file; the micro-kernel follows from them. */
    private record Chosen(int vectorBits, int vectorRegisters) implements Vectorization {
        @Override
        public MicroKernel microKernel() {
            return vectorBits == 0 ? ScalarMicroKernel.INSTANCE : VectorMicroKernel.INSTANCE;
        }
    }

    static Vectorization choose(String simd, String requestedBits, String arch) {
        if ("false".equalsIgnoreCase(simd)) return SCALAR;
        int preferred;
        try {
            preferred = preferredBits();
        } catch (LinkageError missingVectorModule) {
            warn("the Vector API is missing (run java with --add-modules jdk.incubator.vector); using the scalar kernels");
            return SCALAR;
        }
        if (preferred < 128) {
            warn("this CPU offers no SIMD float vectors of 128 bits or more to the JVM; using the scalar kernels");
            return SCALAR;
        }
        int bits = preferred;
        if (requestedBits != null && !requestedBits.isBlank()) {
            int requested = parse(requestedBits);
            if ((requested == 128 || requested == 256 || requested == 512) && requested <= preferred) {
                bits = requested;
            } else {
                warn("embspace.vectorBits=" + requestedBits.strip() + " is not available here (128, 256 or 512, at most "
                        + preferred + "); using " + preferred);
            }
        }
        return new Chosen(bits, registers(bits, preferred, arch));
    }

    /**
     * The vector registers a kernel of this width may hold live. ARM (NEON, SVE) has 32 at every
     * width. On x86, AVX-512 machines have 32 (EVEX reaches zmm/ymm/xmm 16 to 31), AVX2 ones 16; a
     * 256-bit choice on an AVX-512 machine stands in for AVX2, so it is sized for 16, while 128 bits
     * there stands in for NEON and keeps 32.
     */
    static int registers(int bits, int preferredBits, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (a.contains("aarch64") || a.startsWith("arm")) return 32;
        return preferredBits >= 512 && bits != 256 ? 32 : 16;
    }

    /**
     * The widest float vector this JVM compiles to SIMD instructions, in bits. It touches the Vector
     * API, so a missing module surfaces here as a LinkageError; not through SimdSpecies, whose
     * constant is made from this provider's choice.
     */
    private static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    private static int parse(String bits) {
        try {
            return Integer.parseInt(bits.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void warn(String line) {
        System.err.println("embspace: warning: " + line);
    }
}
