package dev.embspace.io.arch;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GPT-2: Conv1D [in, out] weights, q | k | v in c_attn's columns, tied embeddings. */
class Gpt2AdapterTest {

    @TempDir
    static Path dir;
    static TestCheckpoint ckpt;
    static TensorStore store;
    static Transformer model;

    @BeforeAll
    static void load() throws IOException {
        ckpt = TestModels.gpt2(dir.resolve("gpt2"));
        store = TestStores.open(ckpt);
        model = Architectures.load(ckpt.config(), store, "gpt2-test");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void specComesFromTheConfig() {
        ModelSpec spec = model.spec();
        assertEquals(Family.GPT2, spec.family());
        assertEquals("gpt2", spec.modelType());
        assertEquals(96, spec.vocabSize());
        assertEquals(16, spec.dModel());
        assertEquals(2, spec.layers());
        assertEquals(4, spec.heads());
        assertEquals(4, spec.kvHeads());
        assertEquals(4, spec.headDim());
        assertEquals(64, spec.dFf(), "n_inner null means 4 * n_embd");
        assertEquals(32, spec.maxPositions());
        assertEquals(Activation.GELU_TANH, spec.activation());
        assertTrue(spec.tiedEmbeddings());
        assertFalse(spec.postNorm());
        assertEquals(2, model.layers());
        assertEquals("gpt2-test", model.name());
    }

    @Test
    void vectorsOfEveryKindProjectLikeTheRawArrays() {
        int d = ckpt.sizes().d();
        RawTensor wte = ckpt.raw("wte.weight");
        // Conv1D is [in, out]: what output unit i reads is column i; what it writes is row i.
        assertProjects(model, "L0.ff.key.5", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.0.mlp.c_fc.weight").column(5));
        assertProjects(model, "L1.ff.key.63", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.1.mlp.c_fc.weight").column(63));
        assertProjects(model, "L1.ff.value.63", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.1.mlp.c_proj.weight").row(63));
        assertProjects(model, "L0.ff.value.0", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.0.mlp.c_proj.weight").row(0));
        assertProjects(model, "L1.attn.q.6", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.1.attn.c_attn.weight").column(6));
        assertProjects(model, "L0.attn.k.3", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.0.attn.c_attn.weight").column(d + 3));
        assertProjects(model, "L1.attn.v.15", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.1.attn.c_attn.weight").column(2 * d + 15));
        assertProjects(model, "L0.attn.o.9", EmbeddingSide.OUTPUT, wte, ckpt.raw("h.0.attn.c_proj.weight").row(9));
        assertProjects(model, "emb.7", EmbeddingSide.OUTPUT, wte, wte.row(7));
        // Tied: the input side is the same matrix.
        assertProjects(model, "L1.ff.key.2", EmbeddingSide.INPUT, wte, ckpt.raw("h.1.mlp.c_fc.weight").column(2));
    }

    @Test
    void perHeadBlocksAreSlicesOfCAttnAndCProj() {
        int d = ckpt.sizes().d();
        int dh = ckpt.sizes().headDim();
        for (int layer = 0; layer < 2; layer++) {
            Attention a = model.block(layer).attention();
            RawTensor cAttn = ckpt.raw("h." + layer + ".attn.c_attn.weight");
            RawTensor cProj = ckpt.raw("h." + layer + ".attn.c_proj.weight");
            for (int h = 0; h < 4; h++) {
                float[][] q = new float[dh][], k = new float[dh][], v = new float[dh][], o = new float[dh][];
                for (int j = 0; j < dh; j++) {
                    q[j] = cAttn.column(h * dh + j);
                    k[j] = cAttn.column(d + h * dh + j);
                    v[j] = cAttn.column(2 * d + h * dh + j);
                    o[j] = cProj.row(h * dh + j);
                }
                assertEquals(h, a.kvHeadOf(h), "no grouped-query attention in GPT-2");
                assertRows(q, a.headQ(h), "L" + layer + " headQ " + h);
                assertRows(k, a.headK(h), "L" + layer + " headK " + h);
                assertRows(v, a.headV(h), "L" + layer + " headV " + h);
                assertRows(o, a.headO(h), "L" + layer + " headO " + h);
            }
        }
    }

    @Test
    void normsAndBiasesAreTheCheckpointsOwn() {
        Block b = model.block(1);
        assertArrayEquals(ckpt.raw("h.1.ln_1.weight").data(), b.attnNorm().weight().toFloatArray());
        assertArrayEquals(ckpt.raw("h.1.ln_2.bias").data(), b.mlpNorm().bias().toFloatArray());
        assertEquals(1e-5f, b.attnNorm().eps());
        assertArrayEquals(ckpt.raw("ln_f.weight").data(), model.finalNorm().weight().toFloatArray());
        RawTensor qkvBias = ckpt.raw("h.1.attn.c_attn.bias");
        assertArrayEquals(range(qkvBias, 0, 16), b.attention().qBias().toFloatArray());
        assertArrayEquals(range(qkvBias, 16, 16), b.attention().kBias().toFloatArray());
        assertArrayEquals(range(qkvBias, 32, 16), b.attention().vBias().toFloatArray());
        assertArrayEquals(ckpt.raw("h.1.attn.c_proj.bias").data(), b.attention().oBias().toFloatArray());
        assertArrayEquals(ckpt.raw("h.1.mlp.c_fc.bias").data(), b.mlp().keyBias().toFloatArray());
        assertArrayEquals(ckpt.raw("h.1.mlp.c_proj.bias").data(), b.mlp().valueBias().toFloatArray());
        assertArrayEquals(ckpt.raw("wpe.weight").data(), model.embeddings().positions().toArray());
        assertNull(model.embeddings().tokenTypes());
        assertNull(model.unembeddingBias());
    }

    @Test
    void viewsShareTheCheckpointsTensors() {
        // The same memory, not a copy (MemorySegment equality is same base, address and size).
        assertEquals(store.tensor("h.0.mlp.c_fc.weight").segment(), model.block(0).mlp().key().tensor().segment());
        assertEquals(store.tensor("h.0.attn.c_attn.weight").segment(), model.block(0).attention().v().tensor().segment());
        assertSame(model.embeddings().tokens(), model.unembedding());
        assertEquals(DType.F32, model.unembedding().dtype());
    }

    @Test
    void ffGateDoesNotExist() {
        assertThrows(IllegalArgumentException.class, () -> model.vectors(0, VectorKind.FF_GATE, EmbeddingSide.OUTPUT));
    }

    @Test
    void readsTheTransformerPrefixOfGpt2LmHeadModel() throws IOException {
        TestCheckpoint prefixed = TestModels.gpt2(dir.resolve("gpt2-prefixed"), "transformer.");
        try (TensorStore s = TestStores.open(prefixed)) {
            Transformer m = Architectures.load(prefixed.config(), s, "prefixed");
            RawTensor wte = prefixed.raw("transformer.wte.weight");
            assertProjects(m, "L1.ff.key.17", EmbeddingSide.OUTPUT, wte,
                    prefixed.raw("transformer.h.1.mlp.c_fc.weight").column(17));
            assertProjects(m, "L0.attn.o.4", EmbeddingSide.OUTPUT, wte,
                    prefixed.raw("transformer.h.0.attn.c_proj.weight").row(4));
        }
    }
}
