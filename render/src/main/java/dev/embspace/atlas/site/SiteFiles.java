package dev.embspace.atlas.site;

import dev.embspace.atlas.Atlas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The site as files: its static assets, and its size once written. */
public final class SiteFiles {

    private SiteFiles() {
    }

    public static void copyAssets(Path site) throws IOException {
        Assets.copy(site);
    }

    public static Atlas.Site measure(Path site) throws IOException {
        long bytes = 0;
        int files = 0;
        try (Stream<Path> paths = Files.walk(site)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
                files++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Atlas.Site(site, bytes, files);
    }
}
