package dev.embspace.atlas.site;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.examples.ActivatingExample;
import dev.embspace.engine.forward.examples.ActivatingExamples;
import dev.embspace.engine.forward.examples.ExampleOptions;
import dev.embspace.engine.forward.examples.FfUnits;
import dev.embspace.engine.forward.examples.Histogram;
import dev.embspace.engine.forward.examples.UnitExamples;
import dev.embspace.engine.model.Transformer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Evidence from a corpus, beside the weight-based tokens: the top activating contexts of every FF
 * unit of the atlas' layers and the histogram of its activations, from one streaming forward pass
 * ({@link ActivatingExamples}), written per layer as {@code data/examples-L.js}.
 */
public final class EvidenceStage {

    /** Tokens of context on each side of an example's token. */
    private static final int CONTEXT = 8;

    private EvidenceStage() {
    }

    public static void run(Transformer model, Corpus corpus, int k, int firstLayer, int lastLayer, Path site, Progress progress)
            throws IOException {
        ActivatingExamples found = ActivatingExamples.scan(ForwardPass.of(model), corpus.texts(), corpus.ids(),
                FfUnits.ofLayers(model, firstLayer, lastLayer), ExampleOptions.of(k, CONTEXT), progress);
        int units = model.block(firstLayer).mlp().units();
        for (int layer = firstLayer; layer <= lastLayer; layer++) {
            try (ScriptData data = ScriptData.create(site.resolve("data/examples-" + layer + ".js"), "examples-" + layer)) {
                JsonGenerator json = data.json();
                json.writeStartObject();
                json.writeNumberField("layer", layer);
                json.writeArrayFieldStart("units");
                for (int i = 0; i < units; i++) write(data, found.get((layer - firstLayer) * units + i));
                json.writeEndArray();
                json.writeEndObject();
            }
        }
    }

    /** [[activation, token, [before ids], [after ids]], ...] and the histogram [start, width, [counts]]. */
    private static void write(ScriptData data, UnitExamples unit) throws IOException {
        JsonGenerator json = data.json();
        json.writeStartObject();
        json.writeArrayFieldStart("top");
        for (ActivatingExample e : unit.top()) {
            json.writeStartArray();
            data.score(e.activation());
            json.writeNumber(e.tokenId());
            json.writeStartArray();
            for (int id : e.before()) json.writeNumber(id);
            json.writeEndArray();
            json.writeStartArray();
            for (int id : e.after()) json.writeNumber(id);
            json.writeEndArray();
            json.writeEndArray();
        }
        json.writeEndArray();
        Histogram h = unit.histogram();
        json.writeArrayFieldStart("hist");
        data.score(h.start());
        data.score(h.binWidth());
        json.writeStartArray();
        for (long c : h.counts()) json.writeNumber(c);
        json.writeEndArray();
        json.writeEndArray();
        json.writeEndObject();
    }
}
