package dev.embspace.engine.kernel;

import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;

import java.util.function.IntFunction;

/**
 * A B^T computed one tile at a time and handed to a consumer, so callers choose what survives of
 * the product: {@link TiledGemm} copies every tile out, the fused projection keeps only each row's
 * top-k. The product itself never exists beyond one tile per thread.
 *
 * <p>A is packed once (in passes of bounded size when it is large) and shared read-only; the
 * columns (rows of B) are split into contiguous ranges (and, for narrow products, the rows too),
 * one per task, and each task packs its own blocks of B into a per-thread buffer, so the inner
 * loops never allocate.
 */
public final class TiledProduct {

    /** Receives the tiles of one task; called from one thread at a time. */
    public interface TileSink {
        /**
         * {@code tile[r * stride + j]} is the dot product of A row {@code row0 + r} and B row
         * {@code col0 + j}, for r < rows and j < cols, in the selected-row numbering (see
         * {@link #run}).
         */
        void accept(int row0, int rows, int col0, int cols, float[] tile, int stride);
    }

    /** Most floats of packed A held at once; a larger A is processed in passes. */
    private static final int MAX_PACKED_A = 1 << 24;

    /** Below this many rows of A, entries are computed straight from the rows (see runDirect). */
    private static final int DIRECT_ROWS = 4;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private final MicroKernel kernel;
    private final TileMultiplier multiplier;
    private final int tileRows;
    private final int tileCols;

    public TiledProduct(MicroKernel kernel) {
        this.kernel = kernel;
        this.multiplier = new TileMultiplier(kernel);
        this.tileRows = kernel.rows() * 16;
        this.tileCols = kernel.cols() * 8;
    }

    /**
     * Runs the product of the selected rows of A ({@code aRows}, or all when null) with the selected
     * rows of B ({@code bRows}, or all). Rows and columns are numbered by their position in the
     * selection. The columns are cut into at most {@code tasks} contiguous ranges of whole tiles;
     * when that leaves too few to keep every thread busy (a narrow product such as E^T E), each
     * range is also cut by rows. {@code sinks} makes the sink of each task, once, in the thread
     * that first runs it.
     */
    public void run(Matrix a, int[] aRows, Matrix b, int[] bRows, int tasks, IntFunction<TileSink> sinks) {
        run(a, aRows, b, bRows, null, tasks, sinks);
    }

    /** As above, with all of B already packed for this kernel ({@code packed}, or null to pack per tile). */
    void run(Matrix a, int[] aRows, Matrix b, int[] bRows, PackedRows packed, int tasks, IntFunction<TileSink> sinks) {
        if (packed != null && (bRows != null || !packed.packedFor(kernel))) {
            throw new IllegalArgumentException("B is packed for another kernel or selected by rows");
        }
        int k = a.cols();
        if (b.cols() != k) throw new IllegalArgumentException("A has " + k + " columns but B has " + b.cols());
        int m = aRows == null ? a.rows() : aRows.length;
        int n = bRows == null ? b.rows() : bRows.length;
        if (m == 0 || n == 0) return;
        int colTiles = PanelPacker.ceilDiv(n, tileCols);
        int ranges = Math.max(1, Math.min(tasks, colTiles));
        if (m < DIRECT_ROWS && packed == null) {
            runDirect(a, aRows, m, b, bRows, n, colTiles, ranges, sinks);
            return;
        }
        int mr = kernel.rows();
        int passRows = Math.max(tileRows, (MAX_PACKED_A / Math.max(1, k)) / tileRows * tileRows);
        int passTiles = PanelPacker.ceilDiv(Math.min(m, passRows), tileRows);
        int busy = 2 * Parallel.threads();
        int rowSplits = ranges >= busy ? 1 : Math.min(passTiles, PanelPacker.ceilDiv(busy, ranges));
        TileSink[] sinkOf = new TileSink[ranges * rowSplits];
        float[] aPacked = new float[PanelPacker.packedSize(Math.min(m, passRows), mr, k)];
        for (int pass0 = 0; pass0 < m; pass0 += passRows) {
            int passCount = Math.min(passRows, m - pass0);
            int rowTiles = PanelPacker.ceilDiv(passCount, tileRows);
            packParallel(a, aRows, pass0, passCount, aPacked);
            int first = pass0;
            Parallel.forRange(ranges * rowSplits, t -> {
                if (sinkOf[t] == null) sinkOf[t] = sinks.apply(t);
                int range = t % ranges;
                int split = t / ranges;
                int tileFrom = (int) ((long) colTiles * range / ranges);
                int tileTo = (int) ((long) colTiles * (range + 1) / ranges);
                int rowFrom = Math.min(passCount, (int) ((long) rowTiles * split / rowSplits) * tileRows);
                int rowTo = Math.min(passCount, (int) ((long) rowTiles * (split + 1) / rowSplits) * tileRows);
                if (rowFrom < rowTo) {
                    runRange(aPacked, first, rowFrom, rowTo, b, bRows, packed, n, tileFrom, tileTo, sinkOf[t]);
                }
            });
        }
    }

    /**
     * Rows [rowFrom, rowTo) of the packed pass (which starts at selected row {@code row0}) against
     * the column tiles [tileFrom, tileTo).
     */
    private void runRange(float[] aPacked, int row0, int rowFrom, int rowTo, Matrix b, int[] bRows, PackedRows packed,
                          int n, int tileFrom, int tileTo, TileSink sink) {
        int k = b.cols();
        // a long depth (E^T E has depth V) packs B one depth slice at a time: a whole 384-column
        // block of 30522-deep rows was 47 MB per thread, held for the life of the thread
        int slice = multiplier.depthSlice();
        boolean sliced = packed == null && k > slice;
        Workspace ws = WORKSPACE.get();
        ws.ensure(PanelPacker.packedSize(tileCols, kernel.cols(), sliced ? slice : k), tileRows * tileCols, k);
        for (int tile = tileFrom; tile < tileTo; tile++) {
            int col0 = tile * tileCols;
            int cols = Math.min(tileCols, n - col0);
            float[] bPanels = ws.bPacked;
            int bRow0 = 0;
            if (packed != null) {
                bPanels = packed.panels();
                bRow0 = col0;
            } else if (!sliced) {
                PanelPacker.pack(b, bRows, col0, cols, kernel.cols(), ws.bPacked, 0, ws.scratch);
            }
            for (int r = rowFrom; r < rowTo; r += tileRows) {
                int rows = Math.min(tileRows, rowTo - r);
                if (sliced) {
                    // packing a slice per row block costs 1/(2 x 128) of its arithmetic
                    for (int p0 = 0; p0 < k; p0 += slice) {
                        int depth = Math.min(slice, k - p0);
                        PanelPacker.pack(b.colRange(p0, p0 + depth), bRows, col0, cols, kernel.cols(), ws.bPacked, 0, ws.scratch);
                        multiplier.multiplySlice(aPacked, r, rows, k, p0, ws.bPacked, cols, depth, ws.tile, tileCols);
                    }
                } else {
                    multiplier.multiply(aPacked, r, rows, bPanels, bRow0, cols, k, ws.tile, tileCols);
                }
                sink.accept(row0 + r, rows, col0, cols, ws.tile, tileCols);
            }
        }
    }

    /**
     * A product with fewer than {@link #DIRECT_ROWS} rows of A (projecting one vector, as
     * {@code project} does): packing all of B into panels would cost more than the arithmetic, and
     * most of each micro-tile would be padding, so every entry is computed straight from the rows
     * as {@link MicroKernel#dot}'s FMA chain, the same bits the micro-kernels produce. Four columns
     * at a time give four independent chains, so the FMA latency is hidden. These short loops are
     * also compiled within milliseconds of a cold start, long before the SIMD kernel would be.
     */
    private void runDirect(Matrix a, int[] aRows, int m, Matrix b, int[] bRows, int n, int colTiles, int ranges,
                           IntFunction<TileSink> sinks) {
        int k = a.cols();
        float[][] x = new float[m][];
        for (int r = 0; r < m; r++) x[r] = a.row(aRows == null ? r : aRows[r]);
        Parallel.forRange(ranges, t -> {
            TileSink sink = sinks.apply(t);
            float[] tile = new float[m * tileCols];
            float[][] y = new float[4][k];
            int tileTo = (int) ((long) colTiles * (t + 1) / ranges);
            for (int tileIndex = (int) ((long) colTiles * t / ranges); tileIndex < tileTo; tileIndex++) {
                int col0 = tileIndex * tileCols;
                int cols = Math.min(tileCols, n - col0);
                for (int j = 0; j < cols; j += 4) {
                    int group = Math.min(4, cols - j);
                    for (int g = 0; g < group; g++) b.row(bRows == null ? col0 + j + g : bRows[col0 + j + g], y[g]);
                    for (int r = 0; r < m; r++) {
                        if (group == 4) {
                            dots4(x[r], y, tile, r * tileCols + j, k);
                        } else {
                            for (int g = 0; g < group; g++) tile[r * tileCols + j + g] = MicroKernel.dot(x[r], 0, y[g], 0, k);
                        }
                    }
                }
                sink.accept(0, m, col0, cols, tile, tileCols);
            }
        });
    }

    /** Four dot products of x with y[0..3] into out[at..at+3], each the FMA chain in index order. */
    private static void dots4(float[] x, float[][] y, float[] out, int at, int k) {
        float[] y0 = y[0], y1 = y[1], y2 = y[2], y3 = y[3];
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int p = 0; p < k; p++) {
            float v = x[p];
            s0 = Math.fma(v, y0[p], s0);
            s1 = Math.fma(v, y1[p], s1);
            s2 = Math.fma(v, y2[p], s2);
            s3 = Math.fma(v, y3[p], s3);
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }

    /** Packs A rows [from, from + count) of the selection, a share of the panels per task. */
    private void packParallel(Matrix a, int[] aRows, int from, int count, float[] dst) {
        int mr = kernel.rows();
        int k = a.cols();
        int panels = PanelPacker.ceilDiv(count, mr);
        int chunks = Math.min(panels, Parallel.threads() * 4);
        Parallel.forRange(chunks, c -> {
            int p0 = (int) ((long) panels * c / chunks);
            int p1 = (int) ((long) panels * (c + 1) / chunks);
            int rows = Math.min(count, p1 * mr) - p0 * mr;
            PanelPacker.pack(a, aRows, from + p0 * mr, rows, mr, dst, p0 * mr * k, new float[k]);
        });
    }

    /** One thread's buffers: a packed block of B, the tile, a row of scratch. Grown, never shrunk. */
    private static final class Workspace {
        float[] bPacked = new float[0];
        float[] tile = new float[0];
        float[] scratch = new float[0];

        void ensure(int packed, int tileSize, int k) {
            if (bPacked.length < packed) bPacked = new float[packed];
            if (tile.length < tileSize) tile = new float[tileSize];
            if (scratch.length < k) scratch = new float[k];
        }
    }
}
