package dev.embspace.io.arch;

import dev.embspace.io.UserFiles;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Hugging Face {@code config.json}, read with Jackson and accessed by key with the checks the
 * adapters need: a missing or mistyped key is a one-line bad-input error naming the file and the
 * key, never a NullPointerException far from the cause. Optional keys take the defaults of the
 * corresponding transformers config class, which is what a checkpoint omitting them relies on.
 */
public final class ModelConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    ModelConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static ModelConfig read(Path file) {
        JsonNode root;
        try {
            if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
            root = JSON.readTree(UserFiles.readAllBytes(file, UserFiles.MAX_CONFIG_BYTES, "the config"));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "config file not found");
        } catch (JacksonException e) {
            throw new BadInputException(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read config (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file, "config must be a JSON object");
        }
        return new ModelConfig(file, root);
    }

    public Path file() {
        return file;
    }

    /** {@code model_type}, the key that selects the architecture. */
    public String modelType() {
        return requireString("model_type");
    }

    public boolean has(String key) {
        JsonNode node = root.get(key);
        return node != null && !node.isNull();
    }

    /** A positive integer that must be present. */
    public int requirePositiveInt(String key) {
        return positive(key, integer(key, present(key)));
    }

    /** A positive integer, or {@code fallback} when the key is absent or null. */
    public int positiveInt(String key, int fallback) {
        return has(key) ? requirePositiveInt(key) : fallback;
    }

    /** A non-negative integer, or {@code fallback} when the key is absent or null. */
    public int nonNegativeInt(String key, int fallback) {
        if (!has(key)) return fallback;
        int value = integer(key, root.get(key));
        if (value < 0) throw bad("key '" + key + "' must not be negative, found " + value);
        return value;
    }

    public float requirePositiveFloat(String key) {
        JsonNode node = present(key);
        if (!node.isNumber()) throw bad("key '" + key + "' must be a number, found " + node);
        float value = node.floatValue();
        if (!(value > 0) || Float.isInfinite(value)) throw bad("key '" + key + "' must be positive, found " + node);
        return value;
    }

    public float positiveFloat(String key, float fallback) {
        return has(key) ? requirePositiveFloat(key) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        JsonNode node = root.get(key);
        if (!node.isBoolean()) throw bad("key '" + key + "' must be true or false, found " + node);
        return node.booleanValue();
    }

    public String requireString(String key) {
        JsonNode node = present(key);
        if (!node.isTextual()) throw bad("key '" + key + "' must be a string, found " + node);
        return node.textValue();
    }

    public Optional<String> string(String key) {
        return has(key) ? Optional.of(requireString(key)) : Optional.empty();
    }

    /**
     * The kind of rope_scaling the config asks for ("llama3", "linear", "yarn", ...), from its
     * rope_type (or older type) field; empty when the config has none.
     */
    public Optional<String> ropeScaling() {
        if (!has("rope_scaling")) return Optional.empty();
        JsonNode scaling = root.get("rope_scaling");
        if (!scaling.isObject()) throw bad("key 'rope_scaling' must be an object, found " + scaling);
        JsonNode type = scaling.hasNonNull("rope_type") ? scaling.get("rope_type") : scaling.get("type");
        String name = type == null || type.isNull() ? "unnamed" : type.asText();
        return name.equals("default") ? Optional.empty() : Optional.of(name);
    }

    /** {@code dividendKey / divisorKey}, both required, which must divide exactly (d / heads). */
    public int exactQuotient(String dividendKey, String divisorKey) {
        int dividend = requirePositiveInt(dividendKey);
        int divisor = requirePositiveInt(divisorKey);
        if (dividend % divisor != 0) {
            throw bad(dividendKey + " " + dividend + " is not a multiple of " + divisorKey + " " + divisor);
        }
        return dividend / divisor;
    }

    /** A bad-input error about this config file. */
    public BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }

    private JsonNode present(String key) {
        if (!has(key)) throw bad("missing key '" + key + "'");
        return root.get(key);
    }

    private int integer(String key, JsonNode node) {
        if (!node.canConvertToInt() || !(node.isIntegralNumber() || isWholeFloat(node))) {
            throw bad("key '" + key + "' must be an integer, found " + node);
        }
        return node.intValue();
    }

    /** Some exporters write sizes as 768.0; accept them when they are whole. */
    private static boolean isWholeFloat(JsonNode node) {
        return node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue());
    }

    private int positive(String key, int value) {
        if (value <= 0) throw bad("key '" + key + "' must be positive, found " + value);
        return value;
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
