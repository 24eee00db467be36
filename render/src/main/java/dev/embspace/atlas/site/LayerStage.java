package dev.embspace.atlas.site;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.ReverseIndex;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The FF units of each layer in embedding space: one fused projection pass per layer and kind gives
 * every unit's top-k and bottom-k tokens (what {@code neurons --bottom} prints), written as the
 * layer's data file, and, from the same tiles, the exact reverse index of each kind (every token's
 * top units across the layers) and the token membership lists.
 */
public final class LayerStage {

    /** Vectors per kernel call, as {@code neurons}: E packed once per batch, progress per batch. */
    private static final int BATCH = 1024;

    private final Transformer model;
    private final EmbeddingSide side;
    private final int k;
    private final UnitCodes codes;

    public LayerStage(Transformer model, EmbeddingSide side, int k) {
        this.model = model;
        this.side = side;
        this.k = k;
        this.codes = new UnitCodes(kinds(model), model.block(0).mlp().units());
    }

    /** The FF kinds of the model: key, gate where the MLP is gated, value. */
    public static List<VectorKind> kinds(Transformer model) {
        return model.block(0).mlp().gated() ? List.of(VectorKind.FF_KEY, VectorKind.FF_GATE, VectorKind.FF_VALUE)
                : List.of(VectorKind.FF_KEY, VectorKind.FF_VALUE);
    }

    public UnitCodes codes() {
        return codes;
    }

    /** Projects every FF vector of {@code layers}, writing {@code data/layer-L.js} for each. */
    public void run(Path site, int firstLayer, int lastLayer, TokenMembership membership, List<ReverseIndex> reverse,
                    Progress progress) throws IOException {
        long total = (long) (lastLayer - firstLayer + 1) * codes.kinds().size() * codes.units();
        progress.start("neurons", total);
        for (int layer = firstLayer; layer <= lastLayer; layer++) {
            try (ScriptData data = ScriptData.create(site.resolve("data/layer-" + layer + ".js"), "layer-" + layer)) {
                JsonGenerator json = data.json();
                json.writeStartObject();
                json.writeNumberField("layer", layer);
                json.writeNumberField("k", k);
                json.writeNumberField("units", codes.units());
                json.writeObjectFieldStart("vectors");
                for (int kind = 0; kind < codes.kinds().size(); kind++) {
                    json.writeObjectFieldStart(codes.kinds().get(kind).label());
                    writeKind(data, layer, kind, membership, reverse.get(kind), progress);
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
        }
        progress.finish();
    }

    private void writeKind(ScriptData data, int layer, int kind, TokenMembership membership, ReverseIndex reverse,
                           Progress progress) throws IOException {
        Matrix vectors = ParameterVectors.of(model, layer, codes.kinds().get(kind), side, false);
        Matrix embedding = model.embedding(side);
        int n = vectors.rows();
        int[] topIds = new int[n * k], bottomIds = new int[n * k];
        float[] topScores = new float[n * k], bottomScores = new float[n * k];
        float[] norms = new float[n];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            // the same tiles feed the reverse index; units numbered by their code, which the pages decode
            List<Projection> batch = Projector.project(embedding, vectors.rowRange(from, to), k, true, null,
                    reverse, codes.code(layer, kind, from));
            for (int i = from; i < to; i++) {
                Projection p = batch.get(i - from);
                copy(p.top(), topIds, topScores, i * k);
                copy(p.bottom(), bottomIds, bottomScores, i * k);
                for (int r = 0; r < p.top().size(); r++) membership.add(p.top().get(r).id(), codes.code(layer, kind, i), r);
                norms[i] = norm(vectors.row(i));
            }
            progress.advance(to - from);
        }
        JsonGenerator json = data.json();
        json.writeFieldName("norm");
        data.scores(norms, 0, n);
        json.writeFieldName("top");
        data.ints(topIds, 0, n * k);
        json.writeFieldName("topScore");
        data.scores(topScores, 0, n * k);
        json.writeFieldName("bottom");
        data.ints(bottomIds, 0, n * k);
        json.writeFieldName("bottomScore");
        data.scores(bottomScores, 0, n * k);
    }

    /** A projection's list into the flat arrays; k tokens always exist (V > k is checked up front). */
    private static void copy(List<TokenScore> scores, int[] ids, float[] values, int offset) {
        for (int r = 0; r < scores.size(); r++) {
            ids[offset + r] = scores.get(r).id();
            values[offset + r] = scores.get(r).score();
        }
    }

    private static float norm(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        return (float) Math.sqrt(sum);
    }
}
