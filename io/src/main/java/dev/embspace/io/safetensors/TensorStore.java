package dev.embspace.io.safetensors;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.tensor.Tensor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Named tensors of a checkpoint: one safetensors file, a sharded set, or an in-memory map. The
 * tensors are views over mapped memory that stays valid until {@link #close()}.
 */
public interface TensorStore extends AutoCloseable {

    /** The file or directory the tensors come from, for error messages. */
    Path source();

    Set<String> names();

    Optional<Tensor> find(String name);

    /** The tensor called {@code name}; a clear bad-input error naming the source if it is missing. */
    default Tensor tensor(String name) {
        return find(name).orElseThrow(() -> new BadInputException(source(), "missing tensor '" + name + "'"));
    }

    @Override
    void close();
}
