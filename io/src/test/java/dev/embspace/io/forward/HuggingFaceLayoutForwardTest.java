package dev.embspace.io.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.ReferenceForward;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass on checkpoints written in the exact Hugging Face names, layouts and dtypes
 * (GPT-2's Conv1D, NeoX's fused per-head query_key_value in F16, Llama's sharded BF16 with
 * head_dim apart from d / heads, Qwen2's q/k/v biases, BERT's MLM layout), read through the real
 * loading path, against the engine tests' plain scalar reference forward.
 */
class HuggingFaceLayoutForwardTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama", "qwen2", "gpt_neox", "bert"})
    void forwardMatchesTheScalarReference(String family) throws IOException {
        TestCheckpoint checkpoint = switch (family) {
            case "gpt2" -> TestModels.gpt2(dir);
            case "llama" -> TestModels.llama(dir);
            case "qwen2" -> TestModels.qwen2(dir);
            case "gpt_neox" -> TestModels.gptNeoX(dir);
            case "bert" -> TestModels.bert(dir);
            default -> throw new IllegalArgumentException(family);
        };
        try (TensorStore store = Safetensors.open(checkpoint.dir())) {
            Transformer model = Architectures.load(checkpoint.config(), store, family);
            Random random = new Random(family.hashCode());
            int[][] ids = new int[3][];
            int[] lengths = {9, 1, 5};
            for (int s = 0; s < ids.length; s++) ids[s] = random.ints(lengths[s], 0, checkpoint.sizes().vocab()).toArray();
            ForwardResult result = ForwardPass.of(model).run(ids);
            for (int s = 0; s < ids.length; s++) {
                double diff = maxDiff(ReferenceForward.run(model, ids[s], null).lastHidden(), result.lastHiddenState(s));
                assertTrue(diff < TOLERANCE, family + " sequence " + s + ": max abs diff " + diff);
            }
        }
    }

    private static double maxDiff(double[][] expected, Matrix actual) {
        assertEquals(expected.length, actual.rows());
        double worst = 0;
        for (int p = 0; p < expected.length; p++) {
            for (int c = 0; c < expected[p].length; c++) worst = Math.max(worst, Math.abs(expected[p][c] - actual.get(p, c)));
        }
        return worst;
    }
}
