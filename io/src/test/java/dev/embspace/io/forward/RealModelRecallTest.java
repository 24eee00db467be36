package dev.embspace.io.forward;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.recall.LayerRecall;
import dev.embspace.engine.forward.recall.RecallExperiment;
import dev.embspace.engine.forward.recall.RecallOptions;
import dev.embspace.engine.forward.recall.RecallResult;
import dev.embspace.engine.forward.recall.RecallScore;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.vocab.TokenFilter;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.tokenizer.BrownCorpus;
import dev.embspace.io.tokenizer.Encoding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's hidden-state versus parameter experiment on minilm-l6 over real English (the Brown
 * corpus): the FF keys of the units a position activates most share far more of their top tokens
 * with the layer's hidden state than the keys activated at another position do. On 3,000 positions
 * the ratio is 5x to 8x at every layer; the test asks for 2x on 300 positions.
 */
class RealModelRecallTest {

    private static final int POSITIONS = 300;

    @Test
    void activeKeysAgreeWithTheHiddenStateBeyondChance() {
        try (LoadedModel model = ModelLoader.load(RealModels.minilm().toString(), Progress.NONE)) {
            List<int[]> corpus = model.tokenizer().encodeBatch(BrownCorpus.sentences(100)).stream().map(Encoding::ids).toList();
            RecallOptions options = RecallOptions.defaults().withAllowed(TokenFilter.ALNUM.predicate(model.vocabulary()));
            RecallResult result = RecallExperiment.measure(ForwardPass.of(model.transformer()), corpus, POSITIONS, 256,
                    options, Progress.NONE);
            assertEquals(POSITIONS, result.positions());
            assertEquals(model.transformer().layers(), result.layers().size());
            for (LayerRecall layer : result.layers()) {
                RecallScore keys = layer.againstLayer().get(VectorKind.FF_KEY);
                System.out.printf("[recall] minilm-l6 L%d ff.key %.3f (random %.3f), ff.value %.3f (random %.3f)%n", layer.layer(),
                        keys.recall(), keys.random(), layer.againstLayer().get(VectorKind.FF_VALUE).recall(),
                        layer.againstLayer().get(VectorKind.FF_VALUE).random());
                assertTrue(keys.recall() > 2 * keys.random(), "layer " + layer.layer() + ": ff.key recall " + keys.recall()
                        + " against a random baseline of " + keys.random());
            }
        }
    }
}
