package dev.embspace.cli;

import dev.embspace.engine.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The check every output option gets before any work starts: an output never destroys something.
 * Refused, as a usage error naming the option and the path as the user gave it: a device, FIFO or
 * socket; a directory where a file is expected, or a file where a directory is; a non-empty
 * directory where a directory is expected (unless --force); a place the user cannot write; and the
 * same file as any input of the command (or an output directory holding one).
 */
final class OutputPath {

    private OutputPath() {
    }

    /** {@code out} (given as {@code option}) will be written as one file; {@code inputs} are read by the same command. */
    static void file(String option, Path out, Collection<Path> inputs) {
        notSpecial(option, out);
        if (Files.isDirectory(out)) {
            throw new UsageException(option + " " + out + " is a directory; give a file name");
        }
        writableParent(option, out);
        for (Path in : inputs) {
            if (in != null && sameFile(out, in)) throw new UsageException(option + " " + out + " is also an input of this command (" + in + ")");
        }
    }

    /** {@code out} will be a directory of results; a non-empty one is replaced only with {@code force}. */
    static void directory(String option, Path out, boolean force, Collection<Path> inputs) {
        notSpecial(option, out);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException(option + " " + out + " is a file; give a directory");
        }
        if (Files.isDirectory(out)) {
            if (!force && !isEmpty(out)) {
                throw new UsageException(option + " " + out + " is a directory that is not empty (add --force to write into it)");
            }
            if (!Files.isWritable(out)) throw new UsageException(option + " " + out + " is not writable");
        } else {
            writableParent(option, out);
        }
        for (Path in : inputs) {
            if (in != null && inside(in, out)) throw new UsageException(option + " " + out + " holds an input of this command (" + in + ")");
        }
    }

    /** Two options naming the same file, such as --train and --test of one data set. */
    static void distinct(String optionA, Path a, String optionB, Path b) {
        if (a != null && b != null && (sameFile(a, b) || normal(a).equals(normal(b)))) {
            throw new UsageException(optionA + " and " + optionB + " name the same file (" + a + ")");
        }
    }

    /**
     * The files a model reference reads when it names a path: the directory's files, or a
     * .safetensors file and the config and tokenizer beside it. Aliases live in the cache, which no
     * output option can name by accident, so they contribute nothing.
     */
    static List<Path> modelFiles(String ref) {
        Path p = Path.of(ref);
        if (Files.isRegularFile(p)) p = p.toAbsolutePath().getParent();
        return filesIn(p);
    }

    /** The regular files directly in {@code dir} (none if it is not a directory). */
    static List<Path> filesIn(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void notSpecial(String option, Path out) {
        if (Files.exists(out) && !Files.isRegularFile(out) && !Files.isDirectory(out)) {
            throw new UsageException(option + " " + out + " is a device, FIFO or socket, not a place for results");
        }
    }

    /** The nearest existing ancestor decides whether the file can be created. */
    private static void writableParent(String option, Path out) {
        Path dir = normal(out).getParent();
        while (dir != null && !Files.exists(dir)) dir = dir.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + out + " cannot be created (" + dir + " is not a directory)");
        }
        if (!Files.isWritable(dir)) throw new UsageException(option + " " + out + " cannot be written (" + dir + " is not writable)");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException e) {
            // unreadable: compare the names below
        }
        return normal(a).equals(normal(b));
    }

    /** Whether {@code file} is {@code dir} itself or lies under it, links followed where they exist. */
    private static boolean inside(Path file, Path dir) {
        return real(file).startsWith(real(dir));
    }

    private static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : normal(p);
        } catch (IOException e) {
            return normal(p);
        }
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
