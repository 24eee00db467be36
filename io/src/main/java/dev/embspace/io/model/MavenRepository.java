package dev.embspace.io.model;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local Maven repository, where the build (or an earlier fetch) leaves the model jars, and Maven
 * itself to download a jar that is missing. Going through Maven rather than plain HTTP keeps the
 * user's mirrors, proxies and credentials in charge.
 *
 * @param root       the repository directory
 * @param mvn        the Maven command
 * @param overridden true when {@code root} is not Maven's own default, so mvn must be told about it
 */
public record MavenRepository(Path root, String mvn, boolean overridden) {

    /** System property and environment variable that move the repository, as Maven's own flag does. */
    public static final String PROPERTY = "maven.repo.local";
    public static final String ENV = "MAVEN_REPO_LOCAL";

    public static MavenRepository fromEnvironment() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) dir = System.getenv(ENV);
        if (dir != null && !dir.isBlank()) return new MavenRepository(Path.of(dir), "mvn", true);
        return new MavenRepository(Path.of(System.getProperty("user.home"), ".m2", "repository"), "mvn", false);
    }

    /** Where the alias's jar sits in this repository (whether or not it is there). */
    public Path jar(ModelAlias alias) {
        Path dir = root;
        for (String part : alias.groupId().split("\\.")) dir = dir.resolve(part);
        return dir.resolve(alias.artifactId()).resolve(alias.version()).resolve(alias.jarName());
    }

    /** The jar, if present. */
    public Optional<Path> find(ModelAlias alias) {
        Path jar = jar(alias);
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /**
     * Downloads the alias's jar with {@code mvn dependency:get}, passing Maven's output on as progress.
     *
     * @throws IOException naming the artifact and the cause when Maven is missing or fails
     */
    public Path fetch(ModelAlias alias, Consumer<String> progress) throws IOException {
        String failure = "cannot fetch " + alias.coordinates() + " for model '" + alias.name() + "'";
        Path executable = onPath(mvn).orElseThrow(() -> new IOException(failure + ": '" + mvn
                + "' is not on the PATH; install Maven, or run the project's build once (it downloads the model jars)"));
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-q", "-B", "dependency:get",
                "-Dartifact=" + alias.coordinates(), "-Dtransitive=false"));
        if (overridden) command.add("-D" + PROPERTY + "=" + root);
        progress.accept(alias.name() + ": downloading " + alias.coordinates() + " with Maven");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Keep the last lines for the error message; Maven's output goes to progress (stderr), never stdout.
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                progress.accept("mvn: " + line);
                tail.addLast(line.strip());
                if (tail.size() > 3) tail.removeFirst();
            }
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(failure + ": interrupted", e);
        }
        if (exit != 0) {
            throw new IOException(failure + ": mvn exited with " + exit + (tail.isEmpty() ? "" : " (" + String.join(" / ", tail) + ")"));
        }
        return find(alias).orElseThrow(() -> new IOException(failure + ": mvn succeeded but " + jar(alias) + " is missing"));
    }

    /** The command as given if it is a path, else its first match on the PATH. */
    private static Optional<Path> onPath(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
