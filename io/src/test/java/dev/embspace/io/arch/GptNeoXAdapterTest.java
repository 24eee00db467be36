package dev.embspace.io.arch;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.DType;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.RawTensor;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.embspace.io.arch.BruteForceProjection.assertProjects;
import static dev.embspace.io.arch.BruteForceProjection.assertRows;
import static dev.embspace.io.arch.BruteForceProjection.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GPT-NeoX: query_key_value rows ordered (head, {q, k, v}, head_dim), untied embed_out, F16. */
class GptNeoXAdapterTest {

    @TempDir
    static Path dir;
    static TestCheckpoint ckpt;
    static TensorStore store;
    static Transformer model;

    @BeforeAll
    static void load() throws IOException {
        ckpt = TestModels.gptNeoX(dir.resolve("neox"));
        store = TestStores.open(ckpt);
        model = Architectures.load(ckpt.config(), store, "neox-test");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** Row of the fused weight (or element of the fused bias) holding part (0 q, 1 k, 2 v) of head h, dimension j. */
    private static int fusedRow(int h, int part, int j) {
        int dh = 4;
        return h * 3 * dh + part * dh + j;
    }

    @Test
    void specComesFromTheConfig() {
        ModelSpec spec = model.spec();
        assertEquals(Family.GPT_NEOX, spec.family());
        assertEquals(72, spec.vocabSize());
        assertEquals(16, spec.dModel());
        assertEquals(4, spec.heads());
        assertEquals(4, spec.headDim());
        assertEquals(64, spec.dFf());
        assertEquals(Activation.GELU, spec.activation());
        assertEquals(0.5f, spec.rotaryFraction());
        assertEquals(10000f, spec.ropeTheta());
        assertTrue(spec.parallelResidual());
        assertFalse(spec.tiedEmbeddings());
    }

    @Test
    void vectorsOfEveryKindProjectLikeTheRawArrays() {
        RawTensor embedOut = ckpt.raw("embed_out.weight");
        String l0 = "gpt_neox.layers.0.";
        String l1 = "gpt_neox.layers.1.";
        RawTensor qkv1 = ckpt.raw(l1 + "attention.query_key_value.weight");
        // attn index h * headDim + j; head 2 dimension 3 is index 11.
        assertProjects(model, "L1.attn.q.11", EmbeddingSide.OUTPUT, embedOut, qkv1.row(fusedRow(2, 0, 3)));
        assertProjects(model, "L1.attn.k.11", EmbeddingSide.OUTPUT, embedOut, qkv1.row(fusedRow(2, 1, 3)));
        assertProjects(model, "L1.attn.v.11", EmbeddingSide.OUTPUT, embedOut, qkv1.row(fusedRow(2, 2, 3)));
        assertProjects(model, "L1.attn.v.0", EmbeddingSide.OUTPUT, embedOut, qkv1.row(fusedRow(0, 2, 0)));
        assertProjects(model, "L0.attn.o.13", EmbeddingSide.OUTPUT, embedOut, ckpt.raw(l0 + "attention.dense.weight").column(13));
        assertProjects(model, "L0.ff.key.40", EmbeddingSide.OUTPUT, embedOut, ckpt.raw(l0 + "mlp.dense_h_to_4h.weight").row(40));
        assertProjects(model, "L1.ff.value.63", EmbeddingSide.OUTPUT, embedOut, ckpt.raw(l1 + "mlp.dense_4h_to_h.weight").column(63));
        assertProjects(model, "emb.70", EmbeddingSide.OUTPUT, embedOut, embedOut.row(70));
        RawTensor embedIn = ckpt.raw("gpt_neox.embed_in.weight");
        assertProjects(model, "emb.70", EmbeddingSide.INPUT, embedIn, embedIn.row(70));
        assertProjects(model, "L0.ff.key.40", EmbeddingSide.INPUT, embedIn, ckpt.raw(l0 + "mlp.dense_h_to_4h.weight").row(40));
    }

    @Test
    void perHeadBlocksUndoTheInterleaving() {
        int dh = 4;
        for (int layer = 0; layer < 2; layer++) {
            String p = "gpt_neox.layers." + layer + ".attention.";
            RawTensor qkv = ckpt.raw(p + "query_key_value.weight");
            RawTensor dense = ckpt.raw(p + "dense.weight");
            Attention a = model.block(layer).attention();
            for (int h = 0; h < 4; h++) {
                float[][] q = new float[dh][], k = new float[dh][], v = new float[dh][], o = new float[dh][];
                for (int j = 0; j < dh; j++) {
                    q[j] = qkv.row(fusedRow(h, 0, j));
                    k[j] = qkv.row(fusedRow(h, 1, j));
                    v[j] = qkv.row(fusedRow(h, 2, j));
                    o[j] = dense.column(h * dh + j);
                }
                assertEquals(h, a.kvHeadOf(h));
                assertRows(q, a.headQ(h), "L" + layer + " headQ " + h);
                assertRows(k, a.headK(h), "L" + layer + " headK " + h);
                assertRows(v, a.headV(h), "L" + layer + " headV " + h);
                assertRows(o, a.headO(h), "L" + layer + " headO " + h);
            }
        }
    }

    @Test
    void fusedBiasIsSplitLikeTheWeight() {
        RawTensor bias = ckpt.raw("gpt_neox.layers.1.attention.query_key_value.bias");
        float[] q = new float[16], k = new float[16], v = new float[16];
        for (int h = 0; h < 4; h++) {
            for (int j = 0; j < 4; j++) {
                q[h * 4 + j] = bias.at(fusedRow(h, 0, j));
                k[h * 4 + j] = bias.at(fusedRow(h, 1, j));
                v[h * 4 + j] = bias.at(fusedRow(h, 2, j));
            }
        }
        Attention a = model.block(1).attention();
        assertArrayEquals(q, a.qBias().toFloatArray());
        assertArrayEquals(k, a.kBias().toFloatArray());
        assertArrayEquals(v, a.vBias().toFloatArray());
        assertArrayEquals(range(ckpt.raw("gpt_neox.layers.1.attention.dense.bias"), 0, 16), a.oBias().toFloatArray());
    }

    @Test
    void keepsF16AndTheNorms() {
        assertEquals(DType.F16, model.block(0).attention().q().dtype());
        assertEquals(DType.F16, model.block(0).mlp().value().dtype());
        assertArrayEquals(ckpt.raw("gpt_neox.layers.0.input_layernorm.weight").data(),
                model.block(0).attnNorm().weight().toFloatArray());
        assertArrayEquals(ckpt.raw("gpt_neox.layers.0.post_attention_layernorm.bias").data(),
                model.block(0).mlpNorm().bias().toFloatArray());
        assertArrayEquals(ckpt.raw("gpt_neox.final_layer_norm.weight").data(), model.finalNorm().weight().toFloatArray());
    }
}
