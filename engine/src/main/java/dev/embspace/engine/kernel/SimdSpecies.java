package dev.embspace.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species of every SIMD kernel, as a static final constant: the JIT only compiles Vector
 * API calls to vector instructions when the species is a constant, which is why the width is chosen
 * once per JVM ({@link Vectorization#get()}) and not per kernel instance. Touching this class needs
 * the incubator module; only the SIMD kernels do.
 */
public final class SimdSpecies {

    /** The provider's width, or the machine's preferred one when the provider chose scalar. */
    public static final VectorSpecies<Float> FLOAT = Vectorization.get().simd()
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(Vectorization.get().vectorBits()))
            : FloatVector.SPECIES_PREFERRED;

    private SimdSpecies() {
    }
}
