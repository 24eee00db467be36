package dev.embspace.io.forward;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.tokenizer.BrownCorpus;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's forward pass against ONNX Runtime running each real model's own ONNX export, on
 * real sentences of the Brown corpus: the last hidden states agree to 1e-4 at every real token,
 * whether the engine runs each sentence alone or in a batch. ONNX Runtime gets the batches padded
 * and masked as Hugging Face pads them; the engine packs them without padding.
 */
class OnnxRuntimeParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final int SENTENCES = 210;
    /** Short sentences keep the test to seconds; every genre still contributes. */
    private static final int MAX_WORDS = 20;
    private static final int BATCH = 16;

    private static List<String> sentences;

    @BeforeAll
    static void corpus() {
        List<String> shortOnes = BrownCorpus.sentences(10).stream()
                .filter(s -> s.split(" ").length <= MAX_WORDS).toList();
        assertTrue(shortOnes.size() >= SENTENCES, "the Brown corpus gave only " + shortOnes.size() + " short sentences");
        // evenly spaced through the corpus, which is ordered by genre
        int stride = shortOnes.size() / SENTENCES;
        sentences = IntStream.range(0, SENTENCES).mapToObj(i -> shortOnes.get(i * stride)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {RealModels.MINILM, RealModels.E5, RealModels.BGE})
    void lastHiddenStatesMatchOnnxRuntime(String alias) throws Exception {
        try (LoadedModel model = ModelLoader.load(RealModels.model(alias).toString(), Progress.NONE);
             OnnxRuntimeOracle oracle = new OnnxRuntimeOracle(RealModels.onnx(alias))) {
            Tokenizer tokenizer = model.tokenizer();
            List<Encoding> encodings = tokenizer.encodeBatch(sentences);
            ForwardPass pass = ForwardPass.of(model.transformer());
            double worstAlone = 0, worstBatched = 0;
            Stopwatch engine = new Stopwatch(), runtime = new Stopwatch();
            int tokens = 0;
            for (int from = 0; from < encodings.size(); from += BATCH) {
                List<Encoding> chunk = encodings.subList(from, Math.min(encodings.size(), from + BATCH));
                int[][] ids = chunk.stream().map(Encoding::ids).toArray(int[][]::new);
                int[][] types = chunk.stream().map(Encoding::typeIds).toArray(int[][]::new);
                ForwardResult batched = engine.time(() -> pass.run(ids, types, Capture.none()));
                float[][][] expected = runtime.time(() -> oracle.lastHiddenStates(ids, types));
                for (int s = 0; s < ids.length; s++) {
                    tokens += ids[s].length;
                    worstBatched = Math.max(worstBatched, maxDiff(expected[s], batched.lastHiddenState(s)));
                    // alone, the engine must give what the padded batch gave ONNX Runtime
                    int[][] one = {ids[s]};
                    int[][] oneType = {types[s]};
                    ForwardResult alone = engine.time(() -> pass.run(one, oneType, Capture.none()));
                    worstAlone = Math.max(worstAlone, maxDiff(expected[s], alone.lastHiddenState(0)));
                }
            }
            // timings are for orientation only (throughput is measured in the bench module)
            System.out.printf("[parity] %s: %d sentences, %d tokens, max |engine - onnxruntime| batched %.3g, alone %.3g;"
                            + " engine %.1f s (batched + alone), onnxruntime %.1f s (batched)%n",
                    alias, sentences.size(), tokens, worstBatched, worstAlone, engine.seconds(), runtime.seconds());
            assertTrue(worstBatched < TOLERANCE, alias + " batched: max abs diff " + worstBatched);
            assertTrue(worstAlone < TOLERANCE, alias + " alone: max abs diff " + worstAlone);
        }
    }

    /** Accumulates the wall time of the calls it runs. */
    private static final class Stopwatch {
        private long nanos;

        interface Call<T> {
            T run() throws Exception;
        }

        <T> T time(Call<T> call) throws Exception {
            long start = System.nanoTime();
            try {
                return call.run();
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        double seconds() {
            return nanos / 1e9;
        }
    }

    private static double maxDiff(float[][] expected, Matrix actual) {
        assertEquals(expected.length, actual.rows());
        double worst = 0;
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p].length, actual.cols());
            for (int c = 0; c < expected[p].length; c++) worst = Math.max(worst, Math.abs(expected[p][c] - actual.get(p, c)));
        }
        return worst;
    }
}
