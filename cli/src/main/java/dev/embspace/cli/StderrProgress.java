package dev.embspace.cli;

import dev.embspace.engine.Progress;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr: a redrawn bar when stderr is a terminal, otherwise a plain line at every
 * tenth of the work, so logs stay readable. Lines carry no "embspace: " prefix: that prefix marks
 * the one line of a failure.
 */
final class StderrProgress implements Progress {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final AtomicLong done = new AtomicLong();
    private volatile String task = "";
    private volatile long total;
    private volatile long startNanos;
    private long lastDraw;
    private int lastDecile = -1;

    StderrProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static Progress create(boolean quiet) {
        if (quiet) return Progress.NONE;
        return new StderrProgress(System.err, System.console() != null && System.console().isTerminal());
    }

    @Override
    public synchronized void start(String task, long total) {
        this.task = task;
        this.total = total;
        this.done.set(0);
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
        this.lastDecile = -1;
        if (!terminal) err.println(task + (total > 0 ? " (" + total + ")" : "") + " ...");
    }

    @Override
    public void advance(long n) {
        long now = done.addAndGet(n);
        if (total <= 0) return;
        if (terminal) {
            long t = System.nanoTime();
            if (t - lastDraw > REDRAW_NANOS) draw(now, t);
        } else {
            int decile = (int) Math.min(10, now * 10 / total);
            if (decile > lastDecile && decile < 10) report(decile, now);
        }
    }

    private synchronized void draw(long now, long t) {
        lastDraw = t;
        int filled = (int) Math.min(BAR_WIDTH, now * BAR_WIDTH / Math.max(1, total));
        err.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
                + now + "/" + total + " " + elapsed());
        err.flush();
    }

    private synchronized void report(int decile, long now) {
        if (decile <= lastDecile) return;
        lastDecile = decile;
        if (decile > 0) err.println(task + " " + decile * 10 + "% (" + now + "/" + total + ") " + elapsed());
    }

    @Override
    public synchronized void finish() {
        if (terminal) {
            if (total > 0) draw(total, System.nanoTime());
            err.println();
        } else {
            err.println(task + " done in " + elapsed());
        }
    }

    @Override
    public void message(String line) {
        err.println(line);
    }

    private String elapsed() {
        return String.format("%.1fs", (System.nanoTime() - startNanos) / 1e9);
    }
}
