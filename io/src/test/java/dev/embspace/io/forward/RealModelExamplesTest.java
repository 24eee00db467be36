package dev.embspace.io.forward;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.examples.ActivatingExamples;
import dev.embspace.engine.forward.examples.BruteForceExamples;
import dev.embspace.engine.forward.examples.BruteForceExamples.Hit;
import dev.embspace.engine.forward.examples.ExampleOptions;
import dev.embspace.engine.forward.examples.FfUnits;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.testmodels.TestModels;
import dev.embspace.io.tokenizer.BrownCorpus;
import dev.embspace.io.tokenizer.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples scan on checkpoints read through the real loading path and tokenizers: a Llama
 * checkpoint in the Hugging Face layout (causal, SiLU-gated MLP, BF16) and minilm-l6 over Brown
 * corpus sentences, against a brute force that runs each text alone and sorts every activation.
 */
class RealModelExamplesTest {

    private static final int K = 10;

    @TempDir
    Path dir;

    private static List<int[]> encode(LoadedModel m, List<String> texts) {
        return m.tokenizer().encodeBatch(texts).stream().map(Encoding::ids).toList();
    }

    @Test
    void gatedDecoderCheckpointMatchesTheScalarReferenceAndTheBruteForce() throws IOException {
        try (LoadedModel m = ModelLoader.load(TestModels.llama(dir).dir().toString(), Progress.NONE)) {
            Transformer model = m.transformer();
            List<String> texts = BrownCorpus.sentences(997).subList(0, 12);
            List<int[]> ids = encode(m, texts);
            List<VectorRef> units = FfUnits.ofLayers(model, 0, model.layers() - 1);
            ForwardPass pass = ForwardPass.of(model);
            ActivatingExamples batched = ActivatingExamples.scan(pass, texts, ids, units, ExampleOptions.of(K, 3).withBatchTokens(64),
                    Progress.NONE);
            List<List<Hit>> reference = BruteForceExamples.ranked(BruteForceExamples.reference(model), ids, units);
            List<List<Hit>> engine = BruteForceExamples.ranked(BruteForceExamples.engine(model), ids, units);
            for (int i = 0; i < units.size(); i++) {
                BruteForceExamples.assertClose(reference.get(i), batched.get(i), K, 1e-4);
                BruteForceExamples.assertClose(engine.get(i), batched.get(i), K, 1e-5);
                BruteForceExamples.assertHistogramCounts(engine.get(i), batched.get(i).histogram(), 1e-5);
            }
        }
    }

    /** Each text alone (the brute force) and packed in batches of 1,024 tokens (the scan). */
    @Test
    void minilmOverBrownSentencesMatchesTheBruteForceForAWholeLayerAndMore() {
        try (LoadedModel m = ModelLoader.load(RealModels.minilm().toString(), Progress.NONE)) {
            Transformer model = m.transformer();
            List<String> texts = BrownCorpus.sentences(2000);
            assertTrue(texts.size() >= 24 && texts.size() <= 60, "a few dozen sentences: " + texts.size());
            List<int[]> ids = encode(m, texts);
            List<VectorRef> units = new ArrayList<>(FfUnits.ofLayers(model, 3, 3));
            for (int i = 0; i < 1536; i += 97) units.add(new VectorRef(5, VectorKind.FF_KEY, i));
            ForwardPass pass = ForwardPass.of(model);
            ActivatingExamples batched = ActivatingExamples.scan(pass, texts, ids, units, ExampleOptions.of(K, 12), Progress.NONE);
            assertEquals(ids.stream().mapToInt(s -> s.length).sum(), batched.tokens());
            List<List<Hit>> engine = BruteForceExamples.ranked(BruteForceExamples.engine(model), ids, units);
            for (int i = 0; i < units.size(); i++) {
                BruteForceExamples.assertClose(engine.get(i), batched.get(i), K, 1e-5);
                BruteForceExamples.assertHistogramCounts(engine.get(i), batched.get(i).histogram(), 1e-5);
            }
        }
    }
}
