package dev.embspace.atlas.site;

import dev.embspace.atlas.AtlasOptions;
import dev.embspace.atlas.figure.AlignmentFigure;
import dev.embspace.atlas.figure.CompositionFigure;
import dev.embspace.atlas.figure.CopyingFigure;
import dev.embspace.atlas.figure.Figure;
import dev.embspace.atlas.figure.KeepKFigure;
import dev.embspace.atlas.figure.LensFigure;
import dev.embspace.atlas.figure.PairsFigure;
import dev.embspace.atlas.figure.RecallFigure;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.align.AlignOptions;
import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.keepk.KeepK;
import dev.embspace.engine.analysis.keepk.KeepKOptions;
import dev.embspace.engine.analysis.pairs.PairsOptions;
import dev.embspace.engine.analysis.pairs.RelatedPairs;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LogitLens;
import dev.embspace.engine.forward.recall.RecallExperiment;
import dev.embspace.engine.forward.recall.RecallOptions;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Projection;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.tokenizer.Encoding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The paper's figures for the atlas, each drawn by its {@code figure} class from the analysis'
 * own result and written as figures/NAME.svg with its data as .csv and .json. Copying and
 * composition reuse the circuit scores the head pages were built from.
 */
public final class FigureStage {

    /** Lens grid: the first corpus text, cut to this many tokens so the grid stays readable. */
    private static final int LENS_TOKENS = 16;
    private static final int LENS_K = 1;
    /**
     * Vectors per family behind the keep-k figure: a tenth of the paper's 1,000 (the keepk command's
     * default), since every sampled vector costs two d x V products per k of the grid and the full
     * sample alone would take minutes of a site meant to build in under one; the curves' shape holds.
     */
    private static final int KEEPK_SAMPLES = 100;
    /** Token positions the recall experiment reads (the recall command's default). */
    private static final long RECALL_TOKENS = 2000;

    private FigureStage() {
    }

    public static List<Pages.FigureLink> run(LoadedModel model, LoadedModel compare, AtlasOptions options, CircuitScores circuits,
                                             Corpus corpus, Path site, Progress progress) throws IOException {
        Transformer t = model.transformer();
        List<Figure> figures = new ArrayList<>();
        PairsOptions pairs = PairsOptions.defaults();
        figures.add(PairsFigure.of(RelatedPairs.compute(t, new PairsOptions(pairs.k(), pairs.signed(), pairs.seed(), false,
                options.side(), null, 0), progress)));
        KeepKOptions keepK = KeepKOptions.defaults();
        figures.add(KeepKFigure.of(KeepK.compute(t, new KeepKOptions(KEEPK_SAMPLES, keepK.gridPoints(), keepK.seed(),
                keepK.families(), options.side()), progress)));
        figures.add(CopyingFigure.of(circuits));
        // composition pairs a head with heads of later layers: a one-layer model has none to draw
        if (t.layers() > 1) figures.add(CompositionFigure.of(circuits));
        if (corpus != null) {
            RecallOptions r = RecallOptions.defaults();
            progress.message("corpus: recall over " + corpus.ids().size() + " texts");
            figures.add(RecallFigure.of(RecallExperiment.measure(ForwardPass.of(t), corpus.ids(), RECALL_TOKENS,
                    1024, new RecallOptions(r.k(), r.topUnits(), r.seed(), options.side(), null), progress), model.ref()));
            figures.add(lens(model, options, corpus));
        }
        if (compare != null) {
            AlignOptions defaults = AlignOptions.defaults();
            AlignResult aligned = Alignment.align(t, compare.transformer(),
                    new AlignOptions(defaults.kinds(), true, false, options.side()), progress);
            for (var kind : aligned.kinds()) figures.add(AlignmentFigure.of(aligned, kind.kind()));
        }
        Path dir = Files.createDirectories(site.resolve("figures"));
        List<Pages.FigureLink> links = new ArrayList<>();
        for (Figure f : figures) {
            Files.writeString(dir.resolve(f.name() + ".svg"), f.svg());
            Files.writeString(dir.resolve(f.name() + ".csv"), f.csv());
            Files.writeString(dir.resolve(f.name() + ".json"), f.json());
            links.add(new Pages.FigureLink(f.name(), f.title()));
        }
        return links;
    }

    /** The logit lens of the corpus' first text: every layer's top token at every position. */
    private static Figure lens(LoadedModel model, AtlasOptions options, Corpus corpus) {
        Encoding e = corpus.encodings().getFirst();
        int n = Math.min(LENS_TOKENS, e.size());
        int[] ids = Arrays.copyOf(e.ids(), n);
        int[] types = Arrays.copyOf(e.typeIds(), n);
        ForwardResult result = ForwardPass.of(model.transformer()).run(new int[][] {ids}, new int[][] {types}, Capture.residualStream());
        List<List<Projection>> lens = LogitLens.of(model.transformer(), options.side()).read(result, 0, LENS_K, null);
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(model.vocabulary().readable(id));
        return LensFigure.of(model.ref(), tokens, lens, model.vocabulary());
    }
}
