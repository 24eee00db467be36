package dev.embspace.atlas.site;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Circuit;
import dev.embspace.engine.project.HeadProjector;
import dev.embspace.engine.project.TokenPair;
import dev.embspace.engine.tensor.Matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every head's OV and QK circuit in embedding space: its exact top-k token pairs, a token paired
 * with itself left out (what {@code heads --exclude-same} prints), written as {@code data/heads.js}
 * for the search page; the head pages are rendered from the same lists.
 */
public final class HeadStage {

    /** One head's pairs. */
    public record HeadPairs(int layer, int head, List<TokenPair> ov, List<TokenPair> qk) {
    }

    private HeadStage() {
    }

    public static List<HeadPairs> run(Transformer model, EmbeddingSide side, int k, int firstLayer, int lastLayer,
                                      Path site, Progress progress) throws IOException {
        Matrix embedding = model.embedding(side);
        int heads = model.spec().heads();
        progress.start("heads", (long) (lastLayer - firstLayer + 1) * heads * 2);
        List<HeadPairs> all = new ArrayList<>();
        for (int layer = firstLayer; layer <= lastLayer; layer++) {
            Attention attention = model.block(layer).attention();
            for (int h = 0; h < attention.heads(); h++) {
                List<TokenPair> ov = HeadProjector.top(embedding, attention, h, Circuit.OV, k, true, null);
                progress.advance(1);
                List<TokenPair> qk = HeadProjector.top(embedding, attention, h, Circuit.QK, k, true, null);
                progress.advance(1);
                all.add(new HeadPairs(layer, h, ov, qk));
            }
        }
        progress.finish();
        write(site.resolve("data/heads.js"), all);
        return all;
    }

    /** {"L0.H3": {"ov": [from, to, score, ...], "qk": [...]}, ...}: flat triples keep the file small. */
    private static void write(Path file, List<HeadPairs> heads) throws IOException {
        try (ScriptData data = ScriptData.create(file, "heads")) {
            JsonGenerator json = data.json();
            json.writeStartObject();
            for (HeadPairs h : heads) {
                json.writeObjectFieldStart("L" + h.layer() + ".H" + h.head());
                pairs(data, "ov", h.ov());
                pairs(data, "qk", h.qk());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }

    private static void pairs(ScriptData data, String name, List<TokenPair> pairs) throws IOException {
        JsonGenerator json = data.json();
        json.writeArrayFieldStart(name);
        for (TokenPair p : pairs) {
            json.writeNumber(p.from());
            json.writeNumber(p.to());
            data.score(p.score());
        }
        json.writeEndArray();
    }
}
