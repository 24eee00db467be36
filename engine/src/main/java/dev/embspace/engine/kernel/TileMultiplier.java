package dev.embspace.engine.kernel;

/**
 * Multiplies a block of packed A rows by a block of packed B rows into one tile, micro-tile by
 * micro-tile. The depth is taken in slices of 32 KiB of B panel: within a slice the B panel is
 * the outer loop, so its slice (depth x cols floats) stays in L1 while the A panels of the block
 * stream past it from L2. Without slicing a long depth (E^T E has depth V) would stream every panel
 * from memory. Packed panels store depth-major steps, so a slice is a contiguous part of a panel.
 */
final class TileMultiplier {

    /** Floats of B panel per depth slice: 32 KiB, two thirds of a 48 KiB L1, half of a 64 KiB one. */
    private static final int SLICE_FLOATS = 8192;

    private final MicroKernel kernel;
    /** Depth per slice: 256 steps of a 32-wide panel, 170 of a 48-wide one; a multiple of 8. */
    private final int depthSlice;

    TileMultiplier(MicroKernel kernel) {
        this.kernel = kernel;
        this.depthSlice = Math.max(8, SLICE_FLOATS / kernel.cols() / 8 * 8);
    }

    int depthSlice() {
        return depthSlice;
    }

    /**
     * Writes {@code tile[r * stride + j]} = A row (aRow0 + r) . B row (bRow0 + j) for r < rows,
     * j < cols (rounded up to whole micro-tiles; the padding holds zeros' products). aRow0 and bRow0
     * are multiples of the kernel's rows and columns, indices into the packed arrays.
     */
    void multiply(float[] aPacked, int aRow0, int rows, float[] bPacked, int bRow0, int cols, int k,
                  float[] tile, int stride) {
        int mr = kernel.rows();
        int nr = kernel.cols();
        int rowPanels = PanelPacker.ceilDiv(rows, mr);
        int colPanels = PanelPacker.ceilDiv(cols, nr);
        int p0 = 0;
        do {
            int depth = Math.min(depthSlice, k - p0);
            for (int jp = 0; jp < colPanels; jp++) {
                int bOff = (bRow0 + jp * nr) * k + p0 * nr;
                for (int ip = 0; ip < rowPanels; ip++) {
                    int aOff = (aRow0 + ip * mr) * k + p0 * mr;
                    kernel.multiply(aPacked, aOff, bPacked, bOff, depth, tile, ip * mr * stride + jp * nr, stride, p0 > 0);
                }
            }
            p0 += depthSlice;
        } while (p0 < k);
    }

    /**
     * One depth slice [p0, p0 + depth) of the same product, for a B packed only for that slice
     * ({@code bSlice}, panels of depth {@code depth}) against A packed for all k: the tile is
     * written at p0 = 0 and carried on from after that, so slice by slice it gets the same FMA chains.
     */
    void multiplySlice(float[] aPacked, int aRow0, int rows, int k, int p0, float[] bSlice, int cols, int depth,
                       float[] tile, int stride) {
        int mr = kernel.rows();
        int nr = kernel.cols();
        int rowPanels = PanelPacker.ceilDiv(rows, mr);
        int colPanels = PanelPacker.ceilDiv(cols, nr);
        for (int jp = 0; jp < colPanels; jp++) {
            int bOff = jp * nr * depth;
            for (int ip = 0; ip < rowPanels; ip++) {
                int aOff = (aRow0 + ip * mr) * k + p0 * mr;
                kernel.multiply(aPacked, aOff, bSlice, bOff, depth, tile, ip * mr * stride + jp * nr, stride, p0 > 0);
            }
        }
    }
}
