package dev.embspace.engine;

/**
 * Where long work reports how far it is. The engine only counts; the CLI decides how to show it
 * (a bar on a terminal, plain lines otherwise, nothing with --quiet). Implementations are
 * thread-safe: parallel tasks advance the same counter.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
        }

        @Override
        public void message(String line) {
        }
    };

    /** Begins a task of {@code total} units (0 when unknown). */
    void start(String task, long total);

    /** Adds {@code done} finished units. */
    void advance(long done);

    /** Ends the current task. */
    void finish();

    /** A one-off status line ("importing minilm-l6 ..."). */
    void message(String line);
}
