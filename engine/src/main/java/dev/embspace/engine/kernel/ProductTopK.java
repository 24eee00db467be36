package dev.embspace.engine.kernel;

import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.project.TopK;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * The exact top-k entries of A B^T for A (m x r) and B (n x r) without materialising the m x n
 * product: the head circuits E W_VO E^T and E W_QK E^T have V x V entries (a billion for BERT's
 * vocabulary) but rank r.
 *
 * <p>Rows of both sides are sorted by norm, largest first, and packed once (memory O((m + n) r)).
 * Tiles are computed in that order, so the largest entries are usually met first and the k-th
 * best score (the threshold, from the one top-k all threads offer to) rises fast. By
 * Cauchy-Schwarz no entry of a tile exceeds the largest row norm of its A block times the largest of its B block; a tile whose
 * bound is below the threshold is skipped, and since norms only fall along a row of tiles, so is
 * the rest of that row. Within a computed tile, rows and columns whose own norm bound fails are
 * cut off too. Bounds carry a margin for the float rounding of the dot products, so skipping never
 * changes the result: ties (equal scores) go to the lower row, then the lower column.
 */
public final class ProductTopK {

    /** The entries found, best first, and how much of the product had to be computed. */
    public record Result(List<ScoredPair> pairs, long tilesComputed, long tiles) {
    }

    private final MicroKernel kernel;
    private final int tileRows;
    private final int tileCols;

    public ProductTopK(MicroKernel kernel) {
        this.kernel = kernel;
        this.tileRows = kernel.rows() * 16;
        this.tileCols = kernel.cols() * 8;
    }

    /** On the micro-kernel chosen for this machine. */
    public static ProductTopK get() {
        return new ProductTopK(MicroKernel.get());
    }

    /**
     * The k largest entries (i, j) of A B^T over rows i allowed by {@code rowAllowed} and columns j
     * allowed by {@code colAllowed} (null allows all), leaving out i == j when {@code excludeSame}.
     * Entries that do not qualify never take a place: k come back whenever k exist.
     */
    public Result top(Matrix a, Matrix b, int k, IntPredicate rowAllowed, IntPredicate colAllowed, boolean excludeSame) {
        return top(a, b, k, rowAllowed, colAllowed, excludeSame ? identity(Math.max(a.rows(), b.rows())) : null);
    }

    /**
     * As {@link #top(Matrix, Matrix, int, IntPredicate, IntPredicate, boolean)}, leaving out the
     * entries (i, j) with {@code sameClass[i] == sameClass[j]} (tokens that are "the same" under
     * some equivalence, e.g. equal up to case); null leaves out nothing.
     */
    public Result top(Matrix a, Matrix b, int k, IntPredicate rowAllowed, IntPredicate colAllowed, int[] sameClass) {
        if (sameClass != null && sameClass.length < Math.max(a.rows(), b.rows())) {
            throw new IllegalArgumentException("sameClass has " + sameClass.length + " entries for " + Math.max(a.rows(), b.rows()) + " rows");
        }
        int r = a.cols();
        if (b.cols() != r) throw new IllegalArgumentException("A has " + r + " columns but B has " + b.cols());
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        SortedRows rows = SortedRows.of(a, rowAllowed, kernel.rows());
        SortedRows cols = SortedRows.of(b, colAllowed, kernel.cols());
        if (k == 0 || rows.count() == 0 || cols.count() == 0) return new Result(List.of(), 0, 0);

        int rowBlocks = PanelPacker.ceilDiv(rows.count(), tileRows);
        int colBlocks = PanelPacker.ceilDiv(cols.count(), tileCols);
        // fl(a . b) <= |a| |b| (1 + gamma_r); twice that margin, so a skip is never wrong
        double margin = 1 + 2.0 * (r + 1) * Math.ulp(1.0f);
        long width = b.rows();
        SharedThreshold threshold = new SharedThreshold();
        AtomicInteger nextBlock = new AtomicInteger();
        AtomicBoolean exhausted = new AtomicBoolean();
        AtomicLong computed = new AtomicLong();
        int workers = Math.max(1, Math.min(Parallel.threads(), rowBlocks));
        // One top-k for all workers: its k-th score is the threshold every worker prunes with. With
        // a top-k per worker, each one's k-th score was only about the global 2k-th (the best
        // entries are spread over the workers' blocks), so two threads computed more tiles than one.
        // Candidates reach it only past the SIMD scan against that threshold, so the lock is rare.
        TopK merged = new TopK(k);

        Parallel.forRange(workers, w -> {
            TileMultiplier multiplier = new TileMultiplier(kernel);
            float[] tile = new float[tileRows * tileCols];
            int[] positions = new int[tileCols];
            long[] candidateIds = new long[tileCols];
            float[] candidateScores = new float[tileCols];
            int block;
            // blocks are taken in order of falling norm, so once a block's best tile cannot
            // reach the threshold, no later block can either
            while (!exhausted.get() && (block = nextBlock.getAndIncrement()) < rowBlocks) {
                int row0 = block * tileRows;
                int rowCount = Math.min(tileRows, rows.count() - row0);
                double rowMax = rows.norm(row0) * margin;
                for (int cb = 0; cb < colBlocks; cb++) {
                    int col0 = cb * tileCols;
                    float t = threshold.get();
                    if (rowMax * cols.norm(col0) < t) {
                        if (cb == 0) exhausted.set(true);
                        break;
                    }
                    // only the rows and columns whose own bound can reach the threshold
                    int needRows = rows.countReaching(row0, rowCount, cols.norm(col0) * margin, t);
                    int needCols = cols.countReaching(col0, Math.min(tileCols, cols.count() - col0), rowMax, t);
                    multiplier.multiply(rows.packed(), row0, needRows, cols.packed(), col0, needCols, r, tile, tileCols);
                    computed.incrementAndGet();
                    for (int i = 0; i < needRows; i++) {
                        int hits = kernel.outside(tile, i * tileCols, needCols, Float.NEGATIVE_INFINITY, threshold.get(), positions);
                        int from = rows.id(row0 + i);
                        int candidates = 0;
                        for (int h = 0; h < hits; h++) {
                            int to = cols.id(col0 + positions[h]);
                            if (sameClass != null && sameClass[from] == sameClass[to]) continue;
                            candidateIds[candidates] = from * width + to;
                            candidateScores[candidates++] = tile[i * tileCols + positions[h]];
                        }
                        if (candidates > 0) {
                            synchronized (merged) {
                                for (int c = 0; c < candidates; c++) merged.offer(candidateIds[c], candidateScores[c]);
                                if (merged.full()) threshold.raise(merged.threshold());
                            }
                        }
                    }
                }
            }
        });

        long[] ids = merged.rankedIds();
        float[] scores = merged.rankedScores();
        List<ScoredPair> pairs = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            pairs.add(new ScoredPair((int) (ids[i] / width), (int) (ids[i] % width), scores[i]));
        }
        return new Result(pairs, computed.get(), (long) rowBlocks * colBlocks);
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        return ids;
    }

    /** The shared top-k's k-th score, readable without its lock: a lower bound on the final threshold. */
    private static final class SharedThreshold {
        private final AtomicInteger bits = new AtomicInteger(Float.floatToIntBits(Float.NEGATIVE_INFINITY));

        float get() {
            return Float.intBitsToFloat(bits.get());
        }

        void raise(float value) {
            int current;
            do {
                current = bits.get();
                if (!(value > Float.intBitsToFloat(current))) return;
            } while (!bits.compareAndSet(current, Float.floatToIntBits(value)));
        }
    }

    /** The allowed rows of one side, sorted by norm (largest first) and packed into panels. */
    private record SortedRows(int[] ids, double[] norms, float[] packed) {

        static SortedRows of(Matrix m, IntPredicate allowed, int width) {
            int r = m.cols();
            float[] row = new float[r];
            // (norm bits, row) in one long: a primitive sort orders rows by norm. Norms are rounded
            // up to float, so the order is exact for the values the bounds use and they stay bounds.
            long[] keys = new long[m.rows()];
            int count = 0;
            for (int i = 0; i < m.rows(); i++) {
                if (allowed != null && !allowed.test(i)) continue;
                m.row(i, row);
                double sq = 0;
                for (float v : row) sq += (double) v * v;
                double exact = Math.sqrt(sq);
                float norm = (float) exact;
                if (norm < exact) norm = Math.nextUp(norm);
                keys[count++] = (long) Float.floatToIntBits(norm) << 32 | i;
            }
            Arrays.sort(keys, 0, count);
            int[] ids = new int[count];
            double[] norms = new double[count];
            for (int n = 0; n < count; n++) {
                long key = keys[count - 1 - n]; // largest norm first
                ids[n] = (int) key;
                norms[n] = Float.intBitsToFloat((int) (key >>> 32));
            }
            float[] packed = new float[PanelPacker.packedSize(count, width, r)];
            PanelPacker.pack(m, ids, 0, count, width, packed, 0, row);
            return new SortedRows(ids, norms, packed);
        }

        int count() {
            return ids.length;
        }

        int id(int i) {
            return ids[i];
        }

        double norm(int i) {
            return norms[i];
        }

        /**
         * How many of the rows [from, from + count) can reach {@code threshold} against a partner of
         * norm at most {@code partner} (with margin): a prefix, since norms fall.
         */
        int countReaching(int from, int count, double partner, float threshold) {
            int n = 0;
            while (n < count && norms[from + n] * partner >= threshold) n++;
            return n;
        }
    }
}
