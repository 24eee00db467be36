package dev.embspace.engine.kernel;

/**
 * Multiplies a block of packed A rows by a block of packed B rows into one tile, micro-tile by
 * micro-tile. The B panel is the outer loop so its k x cols floats stay in L1 while the A panels
 * of the block stream past it from L2.
 */
final class TileMultiplier {

    private final MicroKernel kernel;

    TileMultiplier(MicroKernel kernel) {
        this.kernel = kernel;
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
        for (int jp = 0; jp < colPanels; jp++) {
            int bOff = (bRow0 + jp * nr) * k;
            for (int ip = 0; ip < rowPanels; ip++) {
                int aOff = (aRow0 + ip * mr) * k;
                kernel.multiply(aPacked, aOff, bPacked, bOff, k, tile, ip * mr * stride + jp * nr, stride);
            }
        }
    }
}
