package dev.embspace.atlas;

import dev.embspace.engine.UsageException;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.embspace.atlas.site.Corpus;
import dev.embspace.atlas.site.EvidenceStage;
import dev.embspace.atlas.site.FigureStage;
import dev.embspace.atlas.site.HeadStage;
import dev.embspace.atlas.site.LayerStage;
import dev.embspace.atlas.site.ModelCard;
import dev.embspace.atlas.site.Pages;
import dev.embspace.atlas.site.ScriptData;
import dev.embspace.atlas.site.SiteFiles;
import dev.embspace.atlas.site.TokenIndex;
import dev.embspace.atlas.site.TokenMembership;
import dev.embspace.atlas.site.TokenizerScript;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.ReverseIndex;
import dev.embspace.io.AtomicFiles;
import dev.embspace.io.model.LoadedModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the atlas of a model: the whole model in embedding space as a self-contained site. Each
 * analysis runs once: one fused pass per layer and FF kind gives the layer pages, the units' top
 * tokens and the token index; one pass per head gives the head pages and the heads' part of the
 * search; the figures come from the analyses' own results. The site is built in a temporary
 * directory beside the target and renamed into place ({@link AtomicFiles#writeDirectory}).
 */
public final class Atlas {

    /** What was written: the site's directory, its size and its number of files. */
    public record Site(Path directory, long bytes, int files) {
    }

    /** Token positions of the corpus read for evidence, recall and the lens (a bounded, streaming pass). */
    static final long CORPUS_TOKENS = 50_000;

    private Atlas() {
    }

    /**
     * @param compare the second model of the alignment figures (--compare), or null
     */
    public static Site build(LoadedModel model, LoadedModel compare, AtlasOptions options, Path out, boolean replace,
                             Progress progress) throws IOException {
        Transformer transformer = model.transformer();
        if (options.lastLayer() >= transformer.layers()) {
            throw new UsageException("--layers " + options.firstLayer() + "-" + options.lastLayer()
                    + " is out of range (the model has layers 0.." + (transformer.layers() - 1) + ")");
        }
        if (options.k() > model.vocabulary().size()) {
            throw new UsageException("-k " + options.k() + " is more than the vocabulary's " + model.vocabulary().size() + " tokens");
        }
        // checked before any work: the alignment needs one vocabulary for both models
        if (compare != null) Alignment.requireSharedVocabulary(model.ref(), model.vocabulary(), compare.ref(), compare.vocabulary());
        AtomicFiles.writeDirectory(out, replace, site -> write(model, compare, options, site, progress));
        return SiteFiles.measure(out.toAbsolutePath().normalize());
    }

    private static void write(LoadedModel model, LoadedModel compare, AtlasOptions options, Path site, Progress progress)
            throws IOException {
        Transformer transformer = model.transformer();
        ModelCard card = ModelCard.of(model, options.side());
        int first = options.firstLayer(), last = options.lastLayer();

        LayerStage layers = new LayerStage(transformer, options.side(), options.k());
        TokenMembership membership = new TokenMembership();
        int vocabulary = model.vocabulary().size();
        List<ReverseIndex> reverse = layers.codes().kinds().stream().map(kind -> new ReverseIndex(vocabulary, options.k())).toList();
        layers.run(site, first, last, membership, reverse, progress);

        progress.start("reverse index", 0);
        TokenIndex.write(site, vocabulary, membership.group(vocabulary), layers.codes(), reverse);
        progress.finish();

        List<HeadStage.HeadPairs> heads = HeadStage.run(transformer, options.side(), options.k(), first, last, site, progress);
        CircuitScores circuits = CircuitScores.compute(transformer, false, progress);

        Corpus corpus = null;
        if (options.corpus() != null) {
            progress.message("corpus: reading " + options.corpus());
            corpus = Corpus.read(options.corpus(), model.tokenizer(), CORPUS_TOKENS);
            EvidenceStage.run(transformer, corpus, options.k(), first, last, site, progress);
        }
        progress.message("figures: pairs, keep-k, copying, composition" + (corpus != null ? ", recall, logit lens" : "")
                + (compare != null ? ", alignment with " + compare.ref() : ""));
        List<Pages.FigureLink> figures = FigureStage.run(model, compare, options, circuits, corpus, site, progress);

        TokenizerScript.vocabulary(site, model.vocabulary());
        String tokenizer = TokenizerScript.tokenizer(site, model.directory());
        meta(site, card, options, layers);
        SiteFiles.copyAssets(site);
        Pages pages = new Pages(site, card, options);
        pages.index(card, options, layers.codes(), circuits, figures);
        for (int l = first; l <= last; l++) pages.layer(l, options, layers.codes());
        pages.heads(heads, circuits, model.vocabulary());
        pages.unitAndSearch(tokenizer);
    }

    /** data/meta.js: what every page's script needs to know about the atlas. */
    private static void meta(Path site, ModelCard card, AtlasOptions options, LayerStage layers) throws IOException {
        try (ScriptData data = ScriptData.create(site.resolve("data/meta.js"), "meta")) {
            JsonGenerator json = data.json();
            json.writeStartObject();
            json.writeStringField("model", card.ref());
            json.writeNumberField("k", options.k());
            json.writeNumberField("firstLayer", options.firstLayer());
            json.writeNumberField("lastLayer", options.lastLayer());
            json.writeNumberField("heads", card.heads());
            json.writeNumberField("units", layers.codes().units());
            json.writeArrayFieldStart("kinds");
            for (String kind : layers.codes().labels()) json.writeString(kind);
            json.writeEndArray();
            json.writeNumberField("shard", TokenIndex.SHARD);
            json.writeBooleanField("corpus", options.corpus() != null);
            json.writeEndObject();
        }
    }
}
