package dev.embspace.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files and directories of atomic writes and imports. Their names carry the id of
 * the process that made them ({@code .NAME.tmp-PID-RANDOM}), and the live ones are removed by a
 * shutdown hook when the JVM ends on SIGINT or SIGTERM. A kill -9 runs no hook; the next write into
 * the same directory sweeps away what a dead process left there ({@link #sweep}).
 */
public final class Temporaries {

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern NAME = Pattern.compile("^\\..*\\.tmp-(\\d+)-.*");
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Temporaries::removeAll, "embspace-temporaries"));
    }

    private Temporaries() {
    }

    /** A new temporary file beside {@code target}, tracked until {@link #release}. */
    public static Path file(Path dir, String targetName) throws IOException {
        return track(Files.createTempFile(dir, prefix(targetName), ""));
    }

    /** A new temporary directory in {@code dir}, tracked until {@link #release}. */
    public static Path directory(Path dir, String targetName) throws IOException {
        return track(Files.createTempDirectory(dir, prefix(targetName)));
    }

    /** Stops tracking {@code path}: it has been moved into place, or deleted. */
    public static void release(Path path) {
        LIVE.remove(path);
    }

    /** Removes the temporaries in {@code dir} whose process is gone. */
    public static void sweep(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != PID && ProcessHandle.of(pid).isEmpty()) deleteTree(p);
            }
        } catch (IOException e) {
            // a sweep is a courtesy; the write itself reports real problems
        }
    }

    private static String prefix(String targetName) {
        return "." + targetName + ".tmp-" + PID + "-";
    }

    private static Path track(Path p) {
        LIVE.add(p);
        return p;
    }

    private static void removeAll() {
        for (Path p : LIVE) deleteTree(p);
    }

    static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException e) {
            // gone already, or not ours to remove
        }
    }
}
