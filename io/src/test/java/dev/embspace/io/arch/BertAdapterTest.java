package dev.embspace.io.arch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.safetensors.MapTensorStore;
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
import java.util.Map;
import java.util.TreeMap;

import static dev.embspace.io.arch.BruteForceProjection.assertProjects;
import static dev.embspace.io.arch.BruteForceProjection.assertRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BERT family: torch Linear [out, in], post-LN, tied word embeddings; the same checks on a
 * BertForMaskedLM checkpoint ({@code bert.} prefix) and a bare sentence-transformers one.
 */
class BertAdapterTest {

    @TempDir
    static Path dir;
    static TestCheckpoint maskedLm;
    static TestCheckpoint bare;
    static TensorStore maskedLmStore;
    static TensorStore bareStore;
    static Transformer maskedLmModel;
    static Transformer bareModel;

    @BeforeAll
    static void load() throws IOException {
        maskedLm = TestModels.bert(dir.resolve("bert-mlm"));
        maskedLmStore = TestStores.open(maskedLm);
        maskedLmModel = Architectures.load(maskedLm.config(), maskedLmStore, "bert-mlm");
        bare = TestModels.bertBare(dir.resolve("bert-bare"));
        bareStore = TestStores.open(bare);
        bareModel = Architectures.load(bare.config(), bareStore, "bert-bare");
    }

    @AfterAll
    static void close() {
        maskedLmStore.close();
        bareStore.close();
    }

    @Test
    void specComesFromTheConfig() {
        ModelSpec spec = bareModel.spec();
        assertEquals(Family.BERT, spec.family());
        assertEquals("bert", spec.modelType());
        assertEquals(64, spec.vocabSize());
        assertEquals(16, spec.dModel());
        assertEquals(4, spec.heads());
        assertEquals(4, spec.headDim());
        assertEquals(32, spec.dFf());
        assertEquals(24, spec.maxPositions());
        assertEquals(Activation.GELU, spec.activation());
        assertTrue(spec.postNorm());
        assertTrue(spec.tiedEmbeddings());
        assertNull(bareModel.finalNorm(), "post-LN: the last block ends normed");
    }

    @Test
    void vectorsOfEveryKindProjectLikeTheRawArrays() {
        checkVectors(maskedLmModel, maskedLm, "bert.");
        checkVectors(bareModel, bare, "");
    }

    private static void checkVectors(Transformer model, TestCheckpoint ckpt, String prefix) {
        RawTensor words = ckpt.raw(prefix + "embeddings.word_embeddings.weight");
        String l0 = prefix + "encoder.layer.0.";
        String l1 = prefix + "encoder.layer.1.";
        assertProjects(model, "L0.ff.key.31", EmbeddingSide.OUTPUT, words, ckpt.raw(l0 + "intermediate.dense.weight").row(31));
        assertProjects(model, "L1.ff.value.9", EmbeddingSide.OUTPUT, words, ckpt.raw(l1 + "output.dense.weight").column(9));
        assertProjects(model, "L1.attn.q.14", EmbeddingSide.OUTPUT, words, ckpt.raw(l1 + "attention.self.query.weight").row(14));
        assertProjects(model, "L0.attn.k.1", EmbeddingSide.OUTPUT, words, ckpt.raw(l0 + "attention.self.key.weight").row(1));
        assertProjects(model, "L0.attn.v.8", EmbeddingSide.OUTPUT, words, ckpt.raw(l0 + "attention.self.value.weight").row(8));
        assertProjects(model, "L1.attn.o.5", EmbeddingSide.OUTPUT, words, ckpt.raw(l1 + "attention.output.dense.weight").column(5));
        assertProjects(model, "emb.63", EmbeddingSide.INPUT, words, words.row(63));
    }

    @Test
    void perHeadBlocks() {
        int dh = 4;
        for (int layer = 0; layer < 2; layer++) {
            String p = "bert.encoder.layer." + layer + ".attention.";
            Attention a = maskedLmModel.block(layer).attention();
            for (int h = 0; h < 4; h++) {
                float[][] q = new float[dh][], k = new float[dh][], v = new float[dh][], o = new float[dh][];
                for (int j = 0; j < dh; j++) {
                    q[j] = maskedLm.raw(p + "self.query.weight").row(h * dh + j);
                    k[j] = maskedLm.raw(p + "self.key.weight").row(h * dh + j);
                    v[j] = maskedLm.raw(p + "self.value.weight").row(h * dh + j);
                    o[j] = maskedLm.raw(p + "output.dense.weight").column(h * dh + j);
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
    void postLayerNormsEmbeddingsAndTheMaskedLmBias() {
        Block b = maskedLmModel.block(1);
        String l1 = "bert.encoder.layer.1.";
        assertArrayEquals(maskedLm.raw(l1 + "attention.output.LayerNorm.weight").data(), b.attnNorm().weight().toFloatArray());
        assertArrayEquals(maskedLm.raw(l1 + "output.LayerNorm.bias").data(), b.mlpNorm().bias().toFloatArray());
        assertEquals(1e-12f, b.mlpNorm().eps());
        assertArrayEquals(maskedLm.raw(l1 + "intermediate.dense.bias").data(), b.mlp().keyBias().toFloatArray());
        assertArrayEquals(maskedLm.raw(l1 + "attention.self.value.bias").data(), b.attention().vBias().toFloatArray());
        assertArrayEquals(maskedLm.raw("bert.embeddings.position_embeddings.weight").data(),
                maskedLmModel.embeddings().positions().toArray());
        assertArrayEquals(maskedLm.raw("bert.embeddings.token_type_embeddings.weight").data(),
                maskedLmModel.embeddings().tokenTypes().toArray());
        assertArrayEquals(maskedLm.raw("bert.embeddings.LayerNorm.weight").data(),
                maskedLmModel.embeddings().norm().weight().toFloatArray());
        assertEquals(0, maskedLmModel.embeddings().positionOffset());
        assertSame(maskedLmModel.embeddings().tokens(), maskedLmModel.unembedding());
        assertArrayEquals(maskedLm.raw("cls.predictions.bias").data(), maskedLmModel.unembeddingBias().toFloatArray());
        assertNull(bareModel.unembeddingBias(), "no MLM head, no vocabulary bias");
    }

    @Test
    void robertaPositionsStartAfterThePaddingIndex() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(bare.config().toFile());
        config.put("model_type", "roberta").put("pad_token_id", 1);
        Path robertaConfig = dir.resolve("roberta-config.json");
        Files.writeString(robertaConfig, json.writeValueAsString(config));
        Transformer roberta = Architectures.load(robertaConfig, bareStore, "roberta");
        assertEquals("roberta", roberta.spec().modelType());
        assertEquals(2, roberta.embeddings().positionOffset(), "padding_idx 1, positions from 2");
        assertProjects(roberta, "L1.ff.value.9", EmbeddingSide.OUTPUT, bare.raw("embeddings.word_embeddings.weight"),
                bare.raw("encoder.layer.1.output.dense.weight").column(9));
    }

    @Test
    void tensorFlowNamedLayerNormsAreRead() {
        // Checkpoints converted from TensorFlow BERT call LayerNorm parameters gamma and beta.
        Map<String, Tensor> renamed = new TreeMap<>();
        bare.tensors().forEach((name, raw) -> renamed.put(
                name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"),
                raw.asStored()));
        Transformer legacy = Architectures.load(bare.config(), MapTensorStore.of(bare.dir(), renamed), "legacy");
        assertArrayEquals(bare.raw("encoder.layer.0.output.LayerNorm.weight").data(),
                legacy.block(0).mlpNorm().weight().toFloatArray());
        assertArrayEquals(bare.raw("embeddings.LayerNorm.bias").data(),
                legacy.embeddings().norm().bias().toFloatArray());
    }
}
