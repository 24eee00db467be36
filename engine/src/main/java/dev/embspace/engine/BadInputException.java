package dev.embspace.engine;

import java.nio.file.Path;

/**
 * Input the user gave us is wrong: a missing, truncated or malformed model, tokenizer or data file,
 * or an unsupported architecture. The CLI prints the message as one line and exits with code 3,
 * so the message always names the file (or argument) and the problem.
 */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public BadInputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
