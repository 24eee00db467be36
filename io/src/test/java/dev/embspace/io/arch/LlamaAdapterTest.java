package dev.embspace.io.arch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Norm;
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
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.embspace.io.arch.BruteForceProjection.assertProjects;
import static dev.embspace.io.arch.BruteForceProjection.assertRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Llama family: Llama (BF16, 4 heads over 2 kv heads, head_dim 6 so that heads * head_dim != d,
 * untied lm_head, two shards) and Qwen2 (F16, 4 heads over 1 kv head, q/k/v biases, tied).
 */
class LlamaAdapterTest {

    @TempDir
    static Path dir;
    static TestCheckpoint llama;
    static TestCheckpoint qwen2;
    static TensorStore llamaStore;
    static TensorStore qwen2Store;
    static Transformer llamaModel;
    static Transformer qwen2Model;

    @BeforeAll
    static void load() throws IOException {
        llama = TestModels.llama(dir.resolve("llama"));
        llamaStore = TestStores.open(llama);
        llamaModel = Architectures.load(llama.config(), llamaStore, "llama-test");
        qwen2 = TestModels.qwen2(dir.resolve("qwen2"));
        qwen2Store = TestStores.open(qwen2);
        qwen2Model = Architectures.load(qwen2.config(), qwen2Store, "qwen2-test");
    }

    @AfterAll
    static void close() {
        llamaStore.close();
        qwen2Store.close();
    }

    @Test
    void llamaSpecComesFromTheConfig() {
        ModelSpec spec = llamaModel.spec();
        assertEquals(Family.LLAMA, spec.family());
        assertEquals("llama", spec.modelType());
        assertEquals(80, spec.vocabSize());
        assertEquals(16, spec.dModel());
        assertEquals(4, spec.heads());
        assertEquals(2, spec.kvHeads());
        assertEquals(6, spec.headDim(), "head_dim from the config, not d / heads");
        assertEquals(40, spec.dFf());
        assertEquals(Activation.SILU, spec.activation());
        assertEquals(500000f, spec.ropeTheta());
        assertEquals(1f, spec.rotaryFraction());
        assertFalse(spec.tiedEmbeddings());
        assertTrue(llamaModel.block(0).mlp().gated());
    }

    @Test
    void llamaVectorsOfEveryKindProjectLikeTheRawArrays() {
        RawTensor lmHead = llama.raw("lm_head.weight");
        String l1 = "model.layers.1.";
        assertProjects(llamaModel, "L1.ff.key.39", EmbeddingSide.OUTPUT, lmHead, llama.raw(l1 + "mlp.up_proj.weight").row(39));
        assertProjects(llamaModel, "L1.ff.gate.7", EmbeddingSide.OUTPUT, lmHead, llama.raw(l1 + "mlp.gate_proj.weight").row(7));
        assertProjects(llamaModel, "L1.ff.value.21", EmbeddingSide.OUTPUT, lmHead, llama.raw(l1 + "mlp.down_proj.weight").column(21));
        assertProjects(llamaModel, "L0.attn.q.23", EmbeddingSide.OUTPUT, lmHead, llama.raw("model.layers.0.self_attn.q_proj.weight").row(23));
        assertProjects(llamaModel, "L1.attn.k.11", EmbeddingSide.OUTPUT, lmHead, llama.raw(l1 + "self_attn.k_proj.weight").row(11));
        assertProjects(llamaModel, "L1.attn.v.4", EmbeddingSide.OUTPUT, lmHead, llama.raw(l1 + "self_attn.v_proj.weight").row(4));
        assertProjects(llamaModel, "L0.attn.o.17", EmbeddingSide.OUTPUT, lmHead, llama.raw("model.layers.0.self_attn.o_proj.weight").column(17));
        assertProjects(llamaModel, "emb.3", EmbeddingSide.OUTPUT, lmHead, lmHead.row(3));
    }

    @Test
    void untiedLlamaReadsTheInputSideThroughEmbedTokens() {
        RawTensor embedTokens = llama.raw("model.embed_tokens.weight");
        assertNotSame(llamaModel.embedding(EmbeddingSide.INPUT), llamaModel.embedding(EmbeddingSide.OUTPUT));
        assertProjects(llamaModel, "emb.3", EmbeddingSide.INPUT, embedTokens, embedTokens.row(3));
        assertProjects(llamaModel, "L1.ff.value.21", EmbeddingSide.INPUT, embedTokens,
                llama.raw("model.layers.1.mlp.down_proj.weight").column(21));
    }

    @Test
    void llamaHeadsReadTheirGroupsKvHead() {
        int[] kvHeadOfHead = {0, 0, 1, 1}; // 4 heads share 2 kv heads in consecutive pairs
        assertHeads(llamaModel, llama, kvHeadOfHead);
    }

    @Test
    void llamaKeepsBf16AndHasNoBiases() {
        Block b = llamaModel.block(1);
        assertEquals(DType.BF16, b.attention().q().dtype());
        assertEquals(DType.BF16, llamaModel.unembedding().dtype());
        assertNull(b.attention().qBias());
        assertNull(b.attention().oBias());
        assertNull(b.mlp().keyBias());
        Norm norm = b.mlpNorm();
        assertEquals(Norm.Kind.RMS_NORM, norm.kind());
        assertEquals(1e-5f, norm.eps());
        assertArrayEquals(llama.raw("model.layers.1.post_attention_layernorm.weight").data(), norm.weight().toFloatArray());
        assertArrayEquals(llama.raw("model.norm.weight").data(), llamaModel.finalNorm().weight().toFloatArray());
    }

    @Test
    void llamaIsSavedInTwoShardsWithAnIndex() {
        assertEquals(2, llama.weightFiles().size());
        assertTrue(Files.isRegularFile(llama.dir().resolve("model.safetensors.index.json")));
        llama.weightFiles().forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
    }

    @Test
    void qwen2IsTiedWithQkvBiasesAndMultiQueryAttention() {
        ModelSpec spec = qwen2Model.spec();
        assertEquals("qwen2", spec.modelType());
        assertEquals(1, spec.kvHeads());
        assertEquals(4, spec.headDim(), "no head_dim key: d / heads");
        assertTrue(spec.tiedEmbeddings());
        assertEquals(1e6f, spec.ropeTheta());
        assertSame(qwen2Model.embedding(EmbeddingSide.INPUT), qwen2Model.embedding(EmbeddingSide.OUTPUT));

        Attention a = qwen2Model.block(0).attention();
        assertArrayEquals(qwen2.raw("model.layers.0.self_attn.q_proj.bias").data(), a.qBias().toFloatArray());
        assertArrayEquals(qwen2.raw("model.layers.0.self_attn.k_proj.bias").data(), a.kBias().toFloatArray());
        assertArrayEquals(qwen2.raw("model.layers.0.self_attn.v_proj.bias").data(), a.vBias().toFloatArray());
        assertNull(a.oBias());
        assertEquals(DType.F16, a.k().dtype());
        assertHeads(qwen2Model, qwen2, new int[] {0, 0, 0, 0});

        RawTensor embed = qwen2.raw("model.embed_tokens.weight");
        assertProjects(qwen2Model, "L1.ff.gate.31", EmbeddingSide.OUTPUT, embed, qwen2.raw("model.layers.1.mlp.gate_proj.weight").row(31));
        assertProjects(qwen2Model, "L0.ff.value.12", EmbeddingSide.OUTPUT, embed, qwen2.raw("model.layers.0.mlp.down_proj.weight").column(12));
        assertProjects(qwen2Model, "L0.attn.k.2", EmbeddingSide.OUTPUT, embed, qwen2.raw("model.layers.0.self_attn.k_proj.weight").row(2));
    }

    /** Every head's blocks against the raw q/k/v/o_proj arrays, with the kv head given by hand. */
    private static void assertHeads(Transformer model, TestCheckpoint ckpt, int[] kvHeadOfHead) {
        int dh = ckpt.sizes().headDim();
        for (int layer = 0; layer < ckpt.sizes().layers(); layer++) {
            String p = "model.layers." + layer + ".self_attn.";
            RawTensor q = ckpt.raw(p + "q_proj.weight");
            RawTensor k = ckpt.raw(p + "k_proj.weight");
            RawTensor v = ckpt.raw(p + "v_proj.weight");
            RawTensor o = ckpt.raw(p + "o_proj.weight");
            Attention a = model.block(layer).attention();
            for (int h = 0; h < kvHeadOfHead.length; h++) {
                int g = kvHeadOfHead[h];
                float[][] qRows = new float[dh][], kRows = new float[dh][], vRows = new float[dh][], oRows = new float[dh][];
                for (int j = 0; j < dh; j++) {
                    qRows[j] = q.row(h * dh + j);
                    kRows[j] = k.row(g * dh + j);
                    vRows[j] = v.row(g * dh + j);
                    oRows[j] = o.column(h * dh + j);
                }
                assertEquals(g, a.kvHeadOf(h), "kv head of head " + h);
                assertRows(qRows, a.headQ(h), "L" + layer + " headQ " + h);
                assertRows(kRows, a.headK(h), "L" + layer + " headK " + h);
                assertRows(vRows, a.headV(h), "L" + layer + " headV " + h);
                assertRows(oRows, a.headO(h), "L" + layer + " headO " + h);
            }
        }
    }

    @Test
    void mistralSharesTheLlamaLayout() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(llama.config().toFile());
        config.put("model_type", "mistral").put("sliding_window", 4096);
        Path mistralConfig = dir.resolve("mistral-config.json");
        Files.writeString(mistralConfig, json.writeValueAsString(config));
        Transformer mistral = Architectures.load(mistralConfig, llamaStore, "mistral");
        assertEquals("mistral", mistral.spec().modelType());
        assertEquals(Family.LLAMA, mistral.spec().family());
        assertProjects(mistral, "L1.ff.gate.7", EmbeddingSide.OUTPUT, llama.raw("lm_head.weight"),
                llama.raw("model.layers.1.mlp.gate_proj.weight").row(7));
    }
}
