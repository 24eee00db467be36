package dev.embspace.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM removes the temporaries of a write in progress; a later write sweeps those of a kill -9. */
class TemporariesTest {

    @TempDir
    Path tmp;

    /** A process in the middle of an atomic write, until it is killed. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(1);
                out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private Process writer(Path target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Writer.class.getName(), target.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private List<Path> temporaries() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    private void awaitTemporary() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the writer never started");
            Thread.sleep(50);
        }
    }

    @Test
    void sigtermRemovesTheTemporaryOfAWriteInProgress() throws Exception {
        Process p = writer(tmp.resolve("out.json"));
        awaitTemporary();
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of(), temporaries());
        assertFalse(Files.exists(tmp.resolve("out.json")), "no partial output");
    }

    @Test
    void aLaterWriteSweepsWhatAKilledProcessLeft() throws Exception {
        Process p = writer(tmp.resolve("out.json"));
        awaitTemporary();
        p.destroyForcibly(); // SIGKILL: no hook runs
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, temporaries().size(), "kill -9 leaves the temporary");
        AtomicFiles.writeString(tmp.resolve("other.json"), "{}");
        assertEquals(List.of(), temporaries());
        assertTrue(new File(tmp.resolve("other.json").toString()).exists());
    }
}
