package dev.embspace.io.arch;

import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.TestCheckpoint;

/** Opens a test checkpoint's tensors the way the adapter tests read them. */
final class TestStores {

    private TestStores() {
    }

    static TensorStore open(TestCheckpoint ckpt) {
        // The safetensors reader is being written on its own branch; until it is merged the tests
        // read the same tensors, in the same dtypes, from memory.
        return ckpt.inMemoryStore();
    }
}
