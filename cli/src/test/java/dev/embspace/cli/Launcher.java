package dev.embspace.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Runs the real {@code ./embspace} launcher in a child process with an empty environment
 * ({@code env -i}: no LANG, no JAVA_HOME from the user), as a user on a bare machine would. The
 * launcher is copied into a scratch tree whose jar is a manifest pointing at this build's classes,
 * so it finds its jar up to date and runs it without invoking Maven.
 */
final class Launcher {

    static final Duration HANG = Duration.ofSeconds(120);

    private final Path root;

    private Launcher(Path root) {
        this.root = root;
    }

    /** A launcher tree under {@code dir}. */
    static Launcher in(Path dir) {
        try {
            Path repo = Path.of("").toAbsolutePath().getParent();
            Path scripts = Files.createDirectories(dir.resolve("scripts"));
            Files.copy(repo.resolve("embspace"), dir.resolve("embspace"));
            Files.copy(repo.resolve("scripts/find-jdk25"), scripts.resolve("find-jdk25"));
            for (String module : List.of("engine", "io", "render", "cli")) Files.createDirectories(dir.resolve(module));
            Files.writeString(dir.resolve("pom.xml"), "");
            Files.setLastModifiedTime(dir.resolve("pom.xml"), FileTime.fromMillis(0));
            writeManifestJar(Files.createDirectories(dir.resolve("cli/target")).resolve("embspace.jar"));
            return new Launcher(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeManifestJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        a.putValue("Enable-Native-Access", "ALL-UNNAMED");
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
        }
        a.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }

    /** Runs the launcher with {@code env -i}, plus {@code extraEnv}; stdin is empty. */
    Cli.Result run(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "-i",
                "PATH=/usr/local/bin:/usr/bin:/bin",
                "HOME=" + System.getProperty("user.home"),
                "JAVA_HOME=" + System.getProperty("java.home"),
                // no start-up cache: making it prints a line to stderr and runs a real model first
                "EMBSPACE_NO_AOT=1"));
        extraEnv.forEach((k, v) -> command.add(k + "=" + v));
        command.add(root.resolve("embspace").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // read both pipes to their end: stderr ends only when the launcher's filter has passed on every byte
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(HANG.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("hung for " + HANG + ": " + String.join(" ", args));
            }
            return new Cli.Result(p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    Cli.Result run(String... args) {
        return run(Map.of(), args);
    }

    /** The CLI in a child JVM with a small heap, for inputs whose point is memory. */
    Cli.Result runWithHeap(String xmx, String... args) {
        return run(Map.of("EMBSPACE_JAVA_OPTS", "-Xmx" + xmx), args);
    }
}
