package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedCheckpointsTest {

    @TempDir
    Path tmp;

    static List<MalformedCheckpoints.Case> cases() {
        return MalformedCheckpoints.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithOneLineNamingFileAndProblem(MalformedCheckpoints.Case malformed) throws IOException {
        MalformedCheckpoints.Written written = malformed.writeInto(tmp);

        BadInputException e = assertThrows(BadInputException.class, () -> Safetensors.open(written.input()).close());

        String message = e.getMessage();
        assertTrue(message.startsWith(written.blamed() + ": "), () -> "should name " + written.blamed() + ": " + message);
        assertTrue(message.contains(malformed.problem()), () -> "should say '" + malformed.problem() + "': " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "should be one line: " + message);
    }
}
