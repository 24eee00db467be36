package dev.embspace.io.gguf;

import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.project.Circuit;
import dev.embspace.engine.project.HeadProjector;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenPair;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.DType;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.arch.Architectures;
import dev.embspace.io.arch.GgufArchitectures;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.engine.Progress;
import dev.embspace.io.safetensors.Safetensors;
import dev.embspace.io.safetensors.TensorStore;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestCheckpoint.Sizes;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GGUF files converted from the Hugging Face test checkpoints load as the same transformers: F32
 * files give exactly the checkpoint's vectors (through llama.cpp's renaming, Llama's q/k
 * permutation, GPT-2's transposition and NeoX's regrouping); Q8_0 projects and ranks head pairs as
 * the float model does, and Q4_K's agreement is reported.
 */
class GgufModelTest {

    /** Quantizable sizes: rows of 256 (d, heads * headDim) and 512 (dFf). */
    static final Sizes QUANTIZABLE = new Sizes(300, 256, 2, 4, 2, 64, 512);

    @TempDir
    Path tmp;

    private interface Converter {
        Path convert(TestCheckpoint c, DType type, Path file) throws IOException;
    }

    /**
     * The GGUF model's vectors are the checkpoint's (Llama's q and k rows in llama.cpp's order
     * within each head when {@code permutedQk}), and its forward pass gives the same hidden states.
     */
    private void sameModel(TestCheckpoint c, Converter converter, boolean permutedQk) throws IOException {
        Path file = converter.convert(c, DType.F32, tmp.resolve("model.gguf"));
        try (TensorStore store = Safetensors.open(c.dir()); GgufFile gguf = GgufFile.open(file)) {
            Transformer hf = Architectures.load(c.config(), store, "hf");
            Transformer g = GgufArchitectures.load(gguf, "gguf");
            assertEquals(hf.spec().family(), g.spec().family());
            assertEquals(hf.layers(), g.layers());
            assertEquals(hf.spec().heads(), g.spec().heads());
            assertEquals(hf.spec().kvHeads(), g.spec().kvHeads());
            assertEquals(hf.spec().headDim(), g.spec().headDim());
            assertEquals(hf.spec().rotaryFraction(), g.spec().rotaryFraction());
            assertEquals(hf.spec().parallelResidual(), g.spec().parallelResidual());
            same(hf.embedding(EmbeddingSide.INPUT), g.embedding(EmbeddingSide.INPUT), "emb in");
            same(hf.embedding(EmbeddingSide.OUTPUT), g.embedding(EmbeddingSide.OUTPUT), "emb out");
            if (hf.embeddings().positions() != null) same(hf.embeddings().positions(), g.embeddings().positions(), "positions");
            sameNorm(hf.finalNorm(), g.finalNorm(), "final norm");
            for (int l = 0; l < hf.layers(); l++) {
                for (VectorKind kind : VectorKind.values()) {
                    if (kind == VectorKind.EMB || kind == VectorKind.CLASSIFIER
                            || (kind == VectorKind.FF_GATE && !hf.block(l).mlp().gated())) continue;
                    Matrix expected = hf.vectors(l, kind, EmbeddingSide.OUTPUT);
                    if (permutedQk && (kind == VectorKind.ATTN_Q || kind == VectorKind.ATTN_K)) {
                        int heads = kind == VectorKind.ATTN_Q ? hf.spec().heads() : hf.spec().kvHeads();
                        expected = Matrix.wrap(GgufFixtures.permute(expected.toArray(), heads, hf.spec().headDim(),
                                expected.cols()), expected.rows(), expected.cols());
                    }
                    same(expected, g.vectors(l, kind, EmbeddingSide.OUTPUT), "L" + l + "." + kind);
                }
                sameNorm(hf.block(l).attnNorm(), g.block(l).attnNorm(), "attn norm " + l);
                sameNorm(hf.block(l).mlpNorm(), g.block(l).mlpNorm(), "mlp norm " + l);
                Attention a = hf.block(l).attention(), b = g.block(l).attention();
                sameTensor(a.qBias(), b.qBias(), "q bias");
                sameTensor(a.kBias(), b.kBias(), "k bias");
                sameTensor(a.vBias(), b.vBias(), "v bias");
                sameTensor(a.oBias(), b.oBias(), "o bias");
                sameTensor(hf.block(l).mlp().keyBias(), g.block(l).mlp().keyBias(), "ff key bias");
                sameTensor(hf.block(l).mlp().valueBias(), g.block(l).mlp().valueBias(), "ff value bias");
            }
            int[][] ids = {{1, 5, 9, 20, 3, 3, 17}, {4, 2}};
            float[][][] a = ForwardPass.of(hf).run(ids).lastHiddenStates();
            float[][][] b = ForwardPass.of(g).run(ids).lastHiddenStates();
            for (int sq = 0; sq < a.length; sq++) {
                for (int pos = 0; pos < a[sq].length; pos++) {
                    for (int i = 0; i < a[sq][pos].length; i++) {
                        assertEquals(a[sq][pos][i], b[sq][pos][i], 1e-4f * (1 + Math.abs(a[sq][pos][i])),
                                "hidden state " + sq + "," + pos + "," + i);
                    }
                }
            }
        }
    }

    private static void same(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what);
        assertEquals(expected.cols(), actual.cols(), what);
        assertArrayEquals(expected.toArray(), actual.toArray(), what);
    }

    private static void sameNorm(Norm a, Norm b, String what) {
        if (a == null) {
            assertNull(b, what);
            return;
        }
        assertEquals(a.kind(), b.kind(), what);
        sameTensor(a.weight(), b.weight(), what);
        sameTensor(a.bias(), b.bias(), what);
    }

    private static void sameTensor(dev.embspace.engine.tensor.Tensor a, dev.embspace.engine.tensor.Tensor b, String what) {
        if (a == null) {
            assertNull(b, what);
            return;
        }
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), what);
    }

    @Test
    void llamaReadsPermutedRowsWithInterleavedRotary() throws IOException {
        sameModel(TestModels.llama(tmp.resolve("hf")), GgufFixtures::llama, true);
    }

    @Test
    void qwen2KeepsItsBiases() throws IOException {
        sameModel(TestModels.qwen2(tmp.resolve("hf")), GgufFixtures::qwen2, false);
    }

    @Test
    void gpt2ReadsLinearLayout() throws IOException {
        sameModel(TestModels.gpt2(tmp.resolve("hf")), GgufFixtures::gpt2, false);
    }

    @Test
    void gptNeoXReadsRegroupedQkv() throws IOException {
        sameModel(TestModels.gptNeoX(tmp.resolve("hf")), GgufFixtures::gptNeoX, false);
    }

    @Test
    void q8AgreesWithTheFloatModel() throws IOException {
        Agreement a = agreement(DType.Q8_0);
        System.out.println("Q8_0 agreement with the float model: " + a);
        assertTrue(a.worstProject() >= 9, "worst project top-10 overlap " + a);
        assertTrue(a.worstHeads() >= 9, "worst heads top-10 overlap " + a);
    }

    @Test
    void q4KReportsItsAgreement() throws IOException {
        Agreement a = agreement(DType.Q4_K);
        System.out.println("Q4_K agreement with the float model: " + a);
        assertTrue(a.meanProject() >= 7, "Q4_K should mostly agree: " + a);
    }

    @Test
    void q6KAgreesAndLoadsThroughTheModelLoader() throws IOException {
        TestCheckpoint c = TestModels.llama(tmp.resolve("hf"), QUANTIZABLE);
        Path file = GgufFixtures.llama(c, DType.Q6_K, tmp.resolve("q6.gguf"));
        try (LoadedModel m = ModelLoader.load(file.toString(), Progress.NONE)) {
            assertEquals(DType.Q6_K, m.transformer().block(1).mlp().value().dtype());
            assertEquals(c.tokens().size(), m.vocabulary().size());
            assertEquals(c.tokens().get(5), m.vocabulary().token(5));
            float[] expected = ReferenceQuantizer.quantize(DType.Q6_K, c.raw("model.embed_tokens.weight").data()).values();
            assertArrayEquals(expected, m.transformer().embedding(EmbeddingSide.INPUT).toArray());
        }
    }

    /** Top-10 overlaps of the quantized model with the float one: per projected vector and per head circuit. */
    record Agreement(int vectors, double meanProject, int worstProject, int heads, double meanHeads, int worstHeads) {
    }

    private Agreement agreement(DType type) throws IOException {
        TestCheckpoint c = TestModels.llama(tmp.resolve("hf"), QUANTIZABLE);
        Path file = GgufFixtures.llama(c, type, tmp.resolve(type + ".gguf"));
        try (TensorStore store = Safetensors.open(c.dir()); GgufFile gguf = GgufFile.open(file)) {
            Transformer f = Architectures.load(c.config(), store, "hf");
            Transformer q = GgufArchitectures.load(gguf, "gguf");
            assertEquals(type, q.embedding(EmbeddingSide.OUTPUT).dtype());
            int vectors = 0, worst = 10;
            long sum = 0;
            for (int l = 0; l < f.layers(); l++) {
                for (VectorKind kind : List.of(VectorKind.FF_KEY, VectorKind.FF_GATE, VectorKind.FF_VALUE, VectorKind.ATTN_Q,
                        VectorKind.ATTN_K, VectorKind.ATTN_V, VectorKind.ATTN_O)) {
                    List<Projection> a = Projector.project(f.embedding(EmbeddingSide.OUTPUT), f.vectors(l, kind, EmbeddingSide.OUTPUT), 10, false, id -> true);
                    List<Projection> b = Projector.project(q.embedding(EmbeddingSide.OUTPUT), q.vectors(l, kind, EmbeddingSide.OUTPUT), 10, false, id -> true);
                    for (int i = 0; i < a.size(); i++) {
                        // llama.cpp stores Llama's q and k rows permuted within each head
                        int j = kind == VectorKind.ATTN_Q || kind == VectorKind.ATTN_K ? ggufRow(i, f.spec().headDim()) : i;
                        int overlap = overlap(a.get(i).top(), b.get(j).top(), TokenScore::id);
                        sum += overlap;
                        worst = Math.min(worst, overlap);
                        vectors++;
                    }
                }
            }
            int heads = 0, worstHeads = 10;
            long headSum = 0;
            for (int l = 0; l < f.layers(); l++) {
                for (int h = 0; h < f.spec().heads(); h++) {
                    for (Circuit circuit : Circuit.values()) {
                        List<TokenPair> a = HeadProjector.top(f.embedding(EmbeddingSide.OUTPUT), f.block(l).attention(), h, circuit, 10, false, id -> true);
                        List<TokenPair> b = HeadProjector.top(q.embedding(EmbeddingSide.OUTPUT), q.block(l).attention(), h, circuit, 10, false, id -> true);
                        int overlap = overlap(a, b, p -> ((long) p.from() << 32) | p.to());
                        headSum += overlap;
                        worstHeads = Math.min(worstHeads, overlap);
                        heads++;
                    }
                }
            }
            return new Agreement(vectors, (double) sum / vectors, worst, heads, (double) headSum / heads, worstHeads);
        }
    }

    /** Where llama.cpp stores Hugging Face's q or k row {@code r}: each head's (half, i) as (i, half). */
    private static int ggufRow(int r, int headDim) {
        int half = headDim / 2;
        int j = r % headDim;
        return r - j + 2 * (j % half) + j / half;
    }

    private static <T> int overlap(List<T> a, List<T> b, Function<T, Object> key) {
        Set<Object> keys = new HashSet<>();
        for (T t : a) keys.add(key.apply(t));
        int n = 0;
        for (T t : b) if (keys.contains(key.apply(t))) n++;
        return n;
    }
}
