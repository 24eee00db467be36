package dev.embspace.engine.translate;

import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.probe.ResidualFeatures;
import dev.embspace.engine.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StitchedFeaturesTest {

    private static final List<int[]> TEXTS = Arrays.asList(TinyTransformers.ids(3, 7, 1, 12, 4, 9));

    @Test
    void residualFeaturesPoolTheWholePassWhateverTheBatching() {
        Transformer model = TinyTransformers.bert(1);
        ForwardPass pass = ForwardPass.of(model);
        ForwardResult whole = pass.run(TEXTS.toArray(int[][]::new), null, Capture.residualStream());
        for (int batchTokens : new int[]{1, 10, 1000}) {
            Matrix features = ResidualFeatures.pooled(pass, TEXTS, 0, Pooling.MEAN, batchTokens, Progress.NONE);
            for (int s = 0; s < TEXTS.size(); s++) {
                assertArrayEquals(Pooling.MEAN.pool(whole.layer(0).residual(s)), features.row(s), 1e-5f, "text " + s);
            }
        }
    }

    @Test
    void stitchingAModelToItselfAtTheSameDepthIsTheModel() {
        // T = E^+ E is the identity, so B's blocks below the cut and A's above make the whole model
        for (Transformer model : List.of(TinyTransformers.bert(1), TinyTransformers.gpt2(2))) {
            ForwardPass pass = ForwardPass.of(model);
            Matrix e = model.embedding(EmbeddingSide.OUTPUT);
            Translation self = Translation.between(e, e, TranslationMethod.PSEUDO_INVERSE);
            int last = model.layers() - 1;
            List<StitchedFeatures.Cut> cuts = List.of(new StitchedFeatures.Cut(0, 0), new StitchedFeatures.Cut(1, 1),
                    new StitchedFeatures.Cut(model.layers(), model.layers()));
            List<Matrix> stitched = StitchedFeatures.pooled(pass, pass, self, cuts, last, Pooling.CLS, TEXTS, 16, Progress.NONE);
            Matrix direct = ResidualFeatures.pooled(pass, TEXTS, last, Pooling.CLS, 16, Progress.NONE);
            for (int c = 0; c < cuts.size(); c++) {
                assertArrayEquals(direct.toArray(), stitched.get(c).toArray(), 2e-3f, model.name() + " " + cuts.get(c));
            }
        }
    }

    @Test
    void withNoDonorBlocksTheFeaturesAreTheTranslatedHostFeatures() {
        Transformer host = TinyTransformers.gpt2(2);
        Transformer donor = TinyTransformers.bert(1);
        Translation t = Translation.between(donor.embedding(EmbeddingSide.OUTPUT), host.embedding(EmbeddingSide.OUTPUT),
                TranslationMethod.PSEUDO_INVERSE);
        ForwardPass hostPass = ForwardPass.of(host);
        Matrix stitched = StitchedFeatures.pooled(hostPass, ForwardPass.of(donor), t,
                List.of(new StitchedFeatures.Cut(host.layers(), donor.layers())), donor.layers() - 1, Pooling.MEAN, TEXTS, 8, Progress.NONE).getFirst();
        // pooling and T are both linear, so translating the pooled host features gives the same
        Matrix expected = t.apply(ResidualFeatures.pooled(hostPass, TEXTS, host.layers() - 1, Pooling.MEAN, 8, Progress.NONE));
        assertArrayEquals(expected.toArray(), stitched.toArray(), 1e-4f);
        assertEquals(TEXTS.size(), stitched.rows());
    }

    @Test
    void cutsOutsideEitherModelAreRejected() {
        Transformer model = TinyTransformers.bert(1);
        ForwardPass pass = ForwardPass.of(model);
        Matrix e = model.embedding(EmbeddingSide.OUTPUT);
        Translation self = Translation.between(e, e, TranslationMethod.PSEUDO_INVERSE);
        assertThrows(IllegalArgumentException.class, () -> StitchedFeatures.pooled(pass, pass, self,
                List.of(new StitchedFeatures.Cut(model.layers() + 1, 0)), 1, Pooling.MEAN, TEXTS, 8, Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> StitchedFeatures.pooled(pass, pass, self,
                List.of(new StitchedFeatures.Cut(1, 3)), 0, Pooling.MEAN, TEXTS, 8, Progress.NONE));
    }
}
