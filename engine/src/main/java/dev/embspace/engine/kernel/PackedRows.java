package dev.embspace.engine.kernel;

import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;

/**
 * The rows of a matrix packed once into a micro-kernel's panels ({@link PanelPacker}'s layout, all
 * rows in one array), for an operand that meets many different partners: a layer's weight in the
 * forward pass is multiplied by every batch of activations, and packing it again for each product
 * cost about a sixth of the pass. Costs one float per element (the weight widened, if it was f16).
 * Made by {@link Gemm#pack(Matrix)}; only the kernel it was packed for can read it.
 */
public final class PackedRows {

    private final Matrix source;
    private final float[] panels;
    private final MicroKernel kernel;

    private PackedRows(Matrix source, float[] panels, MicroKernel kernel) {
        this.source = source;
        this.panels = panels;
        this.kernel = kernel;
    }

    /** Packs every row of {@code m} for {@code kernel}, a share of the panels per task. */
    static PackedRows of(Matrix m, MicroKernel kernel) {
        int width = kernel.cols();
        int k = m.cols();
        int count = m.rows();
        float[] dst = new float[PanelPacker.packedSize(count, width, k)];
        int panelCount = PanelPacker.ceilDiv(count, width);
        int chunks = Math.min(panelCount, Parallel.threads() * 4);
        Parallel.forRange(chunks, c -> {
            int p0 = (int) ((long) panelCount * c / chunks);
            int p1 = (int) ((long) panelCount * (c + 1) / chunks);
            int rows = Math.min(count, p1 * width) - p0 * width;
            if (rows > 0) PanelPacker.pack(m, null, p0 * width, rows, width, dst, p0 * width * k, new float[k]);
        });
        return new PackedRows(m, dst, kernel);
    }

    /** Not packed: the scalar GEMM reads the matrix as it is. */
    static PackedRows unpacked(Matrix m) {
        return new PackedRows(m, null, null);
    }

    /** The matrix these rows came from. */
    public Matrix matrix() {
        return source;
    }

    public int rows() {
        return source.rows();
    }

    public int cols() {
        return source.cols();
    }

    /** The panels, or null when not packed. */
    float[] panels() {
        return panels;
    }

    boolean packedFor(MicroKernel k) {
        return panels != null && kernel == k;
    }
}
