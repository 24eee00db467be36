package dev.embspace.io.gguf;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.io.model.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedGgufsTest {

    @TempDir
    Path tmp;

    static List<MalformedGgufs.Case> cases() {
        return MalformedGgufs.all();
    }

    @Test
    void theCorpusIsLargeAndItsBaseLoads() throws IOException {
        assertTrue(cases().size() >= 30, "cases: " + cases().size());
        Path file = tmp.resolve("valid.gguf");
        MalformedGgufs.valid().write(file);
        ModelLoader.load(file.toString(), Progress.NONE).close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithOneLineNamingFileAndProblem(MalformedGgufs.Case malformed) throws IOException {
        Path file = malformed.writeInto(tmp);
        BadInputException e = assertThrows(BadInputException.class, () -> ModelLoader.load(file.toString(), Progress.NONE).close());
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), () -> "should name " + file + ": " + message);
        assertTrue(message.contains(malformed.problem()), () -> "should say '" + malformed.problem() + "': " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "should be one line: " + message);
    }
}
