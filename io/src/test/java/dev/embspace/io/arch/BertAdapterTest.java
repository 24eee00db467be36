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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    /** BertForMaskedLM's head transform loads and the lens reads through it: LayerNorm(gelu(dense h + b)), by hand. */
    @Test
    void theMaskedLmTransformLoadsAndTheLensAppliesIt() {
        assertNull(bareModel.mlmTransform());
        var t = maskedLmModel.mlmTransform();
        assertNotNull(t);
        RawTensor dense = maskedLm.raw("cls.predictions.transform.dense.weight");
        assertArrayEquals(dense.row(3), t.dense().row(3));
        int d = maskedLmModel.spec().dModel();
        float[] h = new float[d];
        for (int c = 0; c < d; c++) h[c] = (float) Math.sin(c + 1.0);
        float[] bias = maskedLm.raw("cls.predictions.transform.dense.bias").data();
        double[] y = new double[d];
        for (int o = 0; o < d; o++) {
            double s = bias[o];
            for (int c = 0; c < d; c++) s += (double) dense.at(o, c) * h[c];
            y[o] = 0.5 * s * (1 + erf(s / Math.sqrt(2)));
        }
        double mean = java.util.Arrays.stream(y).average().orElseThrow(), var = 0;
        for (double v : y) var += (v - mean) * (v - mean);
        double inv = 1 / Math.sqrt(var / d + 1e-12);
        float[] gamma = maskedLm.raw("cls.predictions.transform.LayerNorm.weight").data();
        float[] beta = maskedLm.raw("cls.predictions.transform.LayerNorm.bias").data();
        var lens = dev.embspace.engine.forward.LogitLens.of(maskedLmModel, EmbeddingSide.OUTPUT);
        assertTrue(lens.appliesMlmTransform());
        assertFalse(dev.embspace.engine.forward.LogitLens.of(bareModel, EmbeddingSide.OUTPUT).appliesMlmTransform());
        float[] got = lens.normed(dev.embspace.engine.tensor.Matrix.wrap(h, 1, d)).row(0);
        for (int c = 0; c < d; c++) assertEquals((y[c] - mean) * inv * gamma[c] + beta[c], got[c], 1e-4, "dimension " + c);
    }

    /** Abramowitz and Stegun 7.1.26 (error below 1.5e-7), enough for a 1e-4 check. */
    private static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return Math.signum(x) * y;
    }
}
