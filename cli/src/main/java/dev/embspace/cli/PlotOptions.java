package dev.embspace.cli;

import dev.embspace.atlas.figure.Figure;
import dev.embspace.io.AtomicFiles;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code --plot FILE.svg}: an analysis command also draws its figure (the one the atlas shows) as
 * SVG. The path is checked when the command line is parsed, before any work, and the file is
 * written atomically; what the command prints is unchanged.
 */
final class PlotOptions {

    @Option(names = "--plot", paramLabel = "FILE.svg", converter = PlotFile.class,
            description = "Also draw the figure as SVG into FILE (written atomically; the printed output is unchanged).")
    Path plot;

    boolean requested() {
        return plot != null;
    }

    /** Draws and writes the figure, if one was asked for; the figure is only built then. */
    void write(Supplier<Figure> figure) throws IOException {
        if (plot == null) return;
        AtomicFiles.writeString(plot, figure.get().svg());
        GlobalOptions.progress().message("figure written to " + plot);
    }

    /** An output must not be one of the command's inputs (it would be replaced under the reader). */
    void requireNotInput(Path... inputs) {
        if (plot == null) return;
        List<Path> given = new ArrayList<>();
        for (Path input : inputs) if (input != null) given.add(input);
        OutputPath.file("--plot", plot, given);
    }

    /** Accepts a path a regular file can be written to: not a directory, device or FIFO, in an existing directory. */
    static final class PlotFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isBlank()) throw new TypeConversionException("--plot needs a file name");
            Path path = Path.of(value);
            if (Files.isDirectory(path)) throw new TypeConversionException("--plot " + value + ": is a directory");
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path)) {
                throw new TypeConversionException("--plot " + value + ": is not a regular file (a device, FIFO or socket)");
            }
            Path parent = path.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new TypeConversionException("--plot " + value + ": the directory " + parent + " does not exist");
            }
            if (!Files.isWritable(parent)) {
                throw new TypeConversionException("--plot " + value + ": the directory " + parent + " is not writable");
            }
            return path;
        }
    }
}
