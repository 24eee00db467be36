package dev.embspace.engine.forward;

import dev.embspace.engine.parallel.Parallel;

/** Splits elementwise work over token rows into a few large tasks for {@link Parallel#forRange}. */
final class RowTasks {

    /** Below this many rows per task the fork costs more than the work. */
    private static final int MIN_ROWS_PER_TASK = 16;

    interface RowRange {
        void run(int from, int to);
    }

    private RowTasks() {
    }

    static void forEachChunk(int rows, RowRange body) {
        int tasks = Math.max(1, Math.min(Parallel.threads() * 2, rows / MIN_ROWS_PER_TASK));
        int per = (rows + tasks - 1) / tasks;
        Parallel.forRange(tasks, t -> {
            int from = t * per;
            int to = Math.min(rows, from + per);
            if (from < to) body.run(from, to);
        });
    }
}
