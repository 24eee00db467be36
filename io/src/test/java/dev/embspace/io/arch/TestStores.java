package dev.embspace.io.arch;

import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.TestCheckpoint;

/** Opens a test checkpoint the way the command line does: its directory, through the safetensors reader. */
final class TestStores {

    private TestStores() {
    }

    static TensorStore open(TestCheckpoint ckpt) {
        return Safetensors.open(ckpt.dir());
    }
}
