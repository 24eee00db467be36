package dev.embspace.engine.project;

import dev.embspace.engine.kernel.MicroKernel;
import dev.embspace.engine.kernel.TiledProduct;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Projection fused with selection: the scores of n vectors against the vocabulary are produced
 * one tile at a time by {@link TiledProduct} and consumed at once by per-row top-k and bottom-k
 * selectors, so the n x V score matrix never exists (memory is n x k per task plus a tile per
 * thread). Each selector's running threshold lets the SIMD scan dismiss almost every score of a
 * tile without touching the heap.
 *
 * <p>With a {@link ReverseIndex} the same tiles also feed per-column (per-token) selectors, the
 * transposed top-k: each row of a tile is compared against every column's running threshold at
 * once ({@link MicroKernel#atLeast}), and each task's selectors are merged into the index block by block.
 */
final class FusedProjection {

    /** Token ranges per thread: more than one so a slow range does not leave a core idle. */
    private static final int RANGES_PER_THREAD = 4;

    private final MicroKernel kernel;
    private final TiledProduct product;

    FusedProjection(MicroKernel kernel) {
        this.kernel = kernel;
        this.product = new TiledProduct(kernel);
    }

    /**
     * The top-k (and, when {@code bottom}, bottom-k) tokens of every row of {@code vectors} against
     * {@code embedding}, over the token ids in {@code tokens} (ascending; null means all). With a
     * {@code reverse} index, row i also competes in it as unit {@code firstUnit + i} for every token.
     */
    List<Projection> project(Matrix embedding, Matrix vectors, int[] tokens, int k, boolean bottom,
                             ReverseIndex reverse, int firstUnit) {
        int n = vectors.rows();
        int bottomK = bottom ? k : 0;
        int columns = tokens == null ? embedding.rows() : tokens.length;
        float[] entry = reverse == null ? null : reverse.thresholds(tokens, columns);
        List<RowSelectors> ranges = new ArrayList<>();
        product.run(vectors, null, embedding, tokens, Parallel.threads() * RANGES_PER_THREAD, task -> {
            ColumnSelectors byToken = reverse == null ? null : new ColumnSelectors(reverse, tokens, entry, firstUnit, kernel);
            RowSelectors selectors = new RowSelectors(n, k, bottomK, tokens, kernel, byToken);
            synchronized (ranges) {
                ranges.add(selectors);
            }
            return selectors;
        });
        if (reverse != null) {
            for (RowSelectors range : ranges) range.byToken.flush(); // each task's last block
        }
        List<Projection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TopK top = new TopK(k);
            TopK low = new TopK(bottomK);
            for (RowSelectors range : ranges) {
                top.addAll(range.top[i]);
                low.addAll(range.low[i]);
            }
            out.add(new Projection(top.result(), negated(low.result())));
        }
        return out;
    }

    /** The bottom-k is kept as the top-k of negated scores: lowest first, ties to the lower id. */
    private static List<TokenScore> negated(List<TokenScore> scores) {
        return scores.stream().map(s -> new TokenScore(s.id(), -s.score())).toList();
    }

    /** One task's selectors, one pair per vector, fed tile by tile. */
    private static final class RowSelectors implements TiledProduct.TileSink {
        final TopK[] top;
        final TopK[] low;
        private final int[] tokens;
        private final MicroKernel kernel;
        final ColumnSelectors byToken;
        private int[] positions = new int[0];

        RowSelectors(int n, int k, int bottomK, int[] tokens, MicroKernel kernel, ColumnSelectors byToken) {
            this.top = new TopK[n];
            this.low = new TopK[n];
            for (int i = 0; i < n; i++) {
                top[i] = new TopK(k);
                low[i] = new TopK(bottomK);
            }
            this.tokens = tokens;
            this.kernel = kernel;
            this.byToken = byToken;
        }

        @Override
        public void accept(int row0, int rows, int col0, int cols, float[] tile, int stride) {
            if (positions.length < cols) positions = new int[cols];
            for (int r = 0; r < rows; r++) {
                TopK high = top[row0 + r];
                TopK lowest = low[row0 + r];
                // a score is looked at only if it could enter either list: at or above the top
                // threshold, or at or below the bottom one (ties may still win on the lower id)
                float above = high.k() == 0 ? Float.POSITIVE_INFINITY : high.threshold();
                float below = lowest.k() == 0 ? Float.NEGATIVE_INFINITY : -lowest.threshold();
                int base = r * stride;
                int found = kernel.outside(tile, base, cols, below, above, positions);
                for (int c = 0; c < found; c++) {
                    int j = positions[c];
                    float s = tile[base + j];
                    int id = tokens == null ? col0 + j : tokens[col0 + j];
                    high.offer(id, s);
                    lowest.offer(id, -s);
                }
                // the same row, still in cache, against the per-token thresholds
                if (byToken != null) byToken.acceptRow(row0 + r, tile, base, col0, cols);
            }
        }
    }

    /**
     * One task's transposed selectors: per column (selected token), the best units seen. They are
     * kept for one block of columns at a time (the column tile the task is on, whose row tiles
     * arrive one after the other) and merged into the index when the task moves on, so a task holds
     * a tile's worth of lists, reused, rather than a vocabulary's. Thresholds start from the
     * index's own, so a unit that cannot enter the index is dismissed at once.
     */
    private static final class ColumnSelectors {
        private final ReverseIndex index;
        private final int[] tokens;
        /** The index's thresholds per column when the call began (shared, read only). */
        private final float[] entry;
        private final int firstUnit;
        private final MicroKernel kernel;
        private TopK[] block = new TopK[0];
        private float[] thresholds = new float[0];
        private int[] positions = new int[0];
        private int blockStart = -1;
        private int blockCols;

        ColumnSelectors(ReverseIndex index, int[] tokens, float[] entry, int firstUnit, MicroKernel kernel) {
            this.index = index;
            this.tokens = tokens;
            this.entry = entry;
            this.firstUnit = firstUnit;
            this.kernel = kernel;
        }

        /** Row {@code row} of the projection, {@code tile[base + j]} its score for column {@code col0 + j}. */
        void acceptRow(int row, float[] tile, int base, int col0, int cols) {
            if (col0 != blockStart) startBlock(col0, cols);
            int found = kernel.atLeast(tile, base, thresholds, 0, cols, positions);
            int unit = firstUnit + row;
            for (int c = 0; c < found; c++) {
                int j = positions[c];
                TopK top = block[j];
                // everything kept reached the entry threshold, so once full the heap's own is higher
                if (top.offer(unit, tile[base + j]) && top.full()) thresholds[j] = top.threshold();
            }
        }

        /** Merges the current block into the index and leaves the lists empty. */
        void flush() {
            if (blockStart < 0) return;
            index.merge(tokens, blockStart, block, blockCols);
            for (int j = 0; j < blockCols; j++) block[j].clear();
            blockStart = -1;
        }

        private void startBlock(int col0, int cols) {
            flush();
            if (block.length < cols) {
                int had = block.length;
                block = Arrays.copyOf(block, cols);
                for (int j = had; j < cols; j++) block[j] = new TopK(index.k());
                thresholds = new float[cols];
                positions = new int[cols];
            }
            System.arraycopy(entry, col0, thresholds, 0, cols);
            blockStart = col0;
            blockCols = cols;
        }
    }
}
