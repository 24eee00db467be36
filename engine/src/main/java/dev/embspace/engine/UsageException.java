package dev.embspace.engine;

/**
 * What the user typed is wrong: an option out of range, two options that contradict each other, an
 * argument that names nothing. The CLI prints the message as one line with the pointer to
 * {@code --help} and exits with code 2, so the message names the option and the allowed values.
 * A plain {@link IllegalArgumentException} is not this: thrown from inside the engine it is a bug
 * (exit 1), however much it looks like a usage error.
 */
public class UsageException extends IllegalArgumentException {

    public UsageException(String message) {
        super(message);
    }
}
