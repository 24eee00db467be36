package dev.embspace.engine.forward.trace;

import dev.embspace.engine.forward.ForwardHook.Point;
import dev.embspace.engine.forward.trace.PositionTrace.FfUpdate;
import dev.embspace.engine.forward.trace.PositionTrace.HeadReading;
import dev.embspace.engine.forward.trace.PositionTrace.LayerTrace;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded pass of one sequence, read per position: the lens at three points per layer, the
 * dominant FF sub-updates, each head's direct contribution, and the direct logit attribution of a
 * token. All vectors of a read are projected through E in one call of the fused kernel.
 */
public final class TracedRun {

    private final Trace trace;
    private final Transformer model;
    private final int[] ids;
    private final int[] types;
    private final StreamRecorder recorded;
    private final Matrix lastHidden;
    private final int d;

    TracedRun(Trace trace, int[] ids, int[] types, StreamRecorder recorded, Matrix lastHidden) {
        this.trace = trace;
        this.model = trace.model();
        this.ids = ids;
        this.types = types;
        this.recorded = recorded;
        this.lastHidden = lastHidden;
        this.d = model.spec().dModel();
    }

    public int length() {
        return ids.length;
    }

    /** [length x d] the final hidden states (after the final norm), as the plain forward pass returns them. */
    public Matrix lastHiddenState() {
        return lastHidden;
    }

    /** The packed [length x d] stream recorded at {@code point} of {@code layer}. */
    public Matrix stream(int layer, Point point) {
        return Matrix.wrap(recorded.at(layer, point), ids.length, d);
    }

    StreamRecorder recorded() {
        return recorded;
    }

    /** Reads each of {@code positions}. */
    public List<PositionTrace> read(int[] positions, TraceOptions options) {
        Readings readings = new Readings();
        List<List<Pending>> pending = new ArrayList<>();
        for (int p : positions) {
            checkPosition(p);
            pending.add(collect(p, options, readings));
        }
        List<List<TokenScore>> tops = readings.project(trace.embedding(), options);
        List<PositionTrace> out = new ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            List<LayerTrace> layers = new ArrayList<>();
            for (Pending p : pending.get(i)) layers.add(p.resolve(tops));
            out.add(new PositionTrace(positions[i], layers, layers.getLast().postFf()));
        }
        return out;
    }

    /** A layer's readings, waiting for the one projection of them all. */
    private record Pending(int layer, int pre, int postAttn, int postFf, List<int[]> updates, float[][] updateValues,
                           int[] heads) {

        LayerTrace resolve(List<List<TokenScore>> tops) {
            List<FfUpdate> ff = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                int[] u = updates.get(i);
                ff.add(new FfUpdate(u[0], updateValues[i][0], updateValues[i][1], tops.get(u[1])));
            }
            List<HeadReading> hs = new ArrayList<>();
            for (int h = 0; h < heads.length; h++) hs.add(new HeadReading(h, tops.get(heads[h])));
            return new LayerTrace(layer, tops.get(pre), tops.get(postAttn), tops.get(postFf), ff, hs);
        }
    }

    private List<Pending> collect(int position, TraceOptions options, Readings readings) {
        int row = position * d;
        ResidualPath path = options.lensOnly() ? null : path(position);
        List<Pending> layers = new ArrayList<>();
        int previous = lensReading(readings, recorded.at(0, Point.PRE_ATTN), row);
        for (int l = 0; l < model.layers(); l++) {
            int pre = previous;
            int postAttn = lensReading(readings, recorded.at(l, Point.POST_ATTN), row);
            int postFf = lensReading(readings, recorded.at(l, Point.POST_FF), row);
            previous = postFf;
            List<int[]> updates = new ArrayList<>();
            float[][] values = new float[0][];
            int[] heads = new int[0];
            if (!options.lensOnly()) {
                int[] units = dominantUnits(l, position, options.updates());
                values = new float[units.length][];
                float[] hidden = recorded.hidden(l);
                int width = model.block(l).mlp().units();
                for (int i = 0; i < units.length; i++) {
                    float a = hidden[position * width + units[i]];
                    values[i] = new float[]{a, Math.abs(a) * trace.valueNorms(l)[units[i]]};
                    updates.add(new int[]{units[i], readings.value(model.block(l).mlp(), l, units[i])});
                }
                heads = headReadings(l, position, path, readings);
            }
            layers.add(new Pending(l, pre, postAttn, postFf, updates, values, heads));
        }
        return layers;
    }

    private int lensReading(Readings readings, float[] stream, int row) {
        float[] x = new float[d];
        System.arraycopy(stream, row, x, 0, d);
        return readings.add(trace.lens().normed(Matrix.wrap(x, 1, d)).row(0));
    }

    /** The units of a layer with the largest sub-updates |m_i| ||v_i|| at the position, ties to the lower unit. */
    private int[] dominantUnits(int layer, int position, int count) {
        float[] hidden = recorded.hidden(layer);
        float[] norms = trace.valueNorms(layer);
        int units = norms.length;
        Integer[] order = new Integer[units];
        for (int i = 0; i < units; i++) order[i] = i;
        float[] weight = new float[units];
        for (int i = 0; i < units; i++) weight[i] = Math.abs(hidden[position * units + i]) * norms[i];
        java.util.Arrays.sort(order, (a, b) -> weight[a] != weight[b] ? Float.compare(weight[b], weight[a]) : Integer.compare(a, b));
        int n = Math.min(count, units);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = order[i];
        return out;
    }

    private int[] headReadings(int layer, int position, ResidualPath path, Readings readings) {
        Attention attention = model.block(layer).attention();
        int[] out = new int[attention.heads()];
        for (int h = 0; h < out.length; h++) {
            double[] written = headOutput(attention, recorded.heads(layer), position, h);
            double[] arrived = path.toOutput(path.attentionStart(layer), written);
            float[] v = new float[d];
            for (int c = 0; c < d; c++) v[c] = (float) arrived[c];
            out[h] = readings.add(v);
        }
        return out;
    }

    /** z_h W_O[h] at the position: what head h wrote there. */
    private double[] headOutput(Attention attention, float[] z, int position, int head) {
        int dh = attention.headDim();
        int width = attention.heads() * dh;
        double[] out = new double[d];
        float[] row = new float[d];
        for (int j = 0; j < dh; j++) {
            float coefficient = z[position * width + head * dh + j];
            attention.o().row(head * dh + j, row);
            for (int c = 0; c < d; c++) out[c] += (double) coefficient * row[c];
        }
        return out;
    }

    /**
     * The direct logit attribution of {@code token} at {@code position} (see {@link Attribution}
     * for the convention): one reading vector per place a part is written, pulled back from
     * E[token] through the frozen norms, dotted with every part.
     */
    public Attribution attribute(int position, int token) {
        checkPosition(position);
        if (token < 0 || token >= trace.embedding().rows()) {
            throw new IllegalArgumentException("token id " + token + " is outside the vocabulary");
        }
        ResidualPath path = path(position);
        double[][] g = path.readings(toDouble(trace.embedding().row(token)));
        List<Attribution.Part> parts = new ArrayList<>();
        Embeddings embeddings = model.embeddings();
        double[] ge = g[path.embeddingStart()];
        parts.add(new Attribution.Part("embed", dot(ge, embeddings.tokens().row(ids[position]))));
        if (embeddings.positions() != null) {
            parts.add(new Attribution.Part("pos_embed", dot(ge, embeddings.positions().row(embeddings.positionOffset() + position))));
        }
        if (embeddings.tokenTypes() != null) {
            parts.add(new Attribution.Part("token_type_embed", dot(ge, embeddings.tokenTypes().row(types == null ? 0 : types[position]))));
        }
        for (int l = 0; l < model.layers(); l++) {
            Attention attention = model.block(l).attention();
            double[] ga = g[path.attentionStart(l)];
            for (int h = 0; h < attention.heads(); h++) {
                parts.add(new Attribution.Part("L" + l + ".head." + h, dotD(ga, headOutput(attention, recorded.heads(l), position, h))));
            }
            if (attention.oBias() != null) parts.add(new Attribution.Part("L" + l + ".attn.bias", dot(ga, attention.oBias())));
            Mlp mlp = model.block(l).mlp();
            double[] gf = g[path.ffStart(l)];
            float[] hidden = recorded.hidden(l);
            float[] row = new float[d];
            for (int i = 0; i < mlp.units(); i++) {
                mlp.value().row(i, row);
                parts.add(new Attribution.Part("L" + l + ".ff." + i, hidden[position * mlp.units() + i] * dot(gf, row)));
            }
            if (mlp.valueBias() != null) parts.add(new Attribution.Part("L" + l + ".ff.bias", dot(gf, mlp.valueBias())));
        }
        List<FrozenNorm> norms = path.norms();
        for (int i = 0; i < norms.size(); i++) {
            if (norms.get(i).bias() != null) {
                parts.add(new Attribution.Part(norms.get(i).name() + ".bias", norms.get(i).biasReading(g[i + 1])));
            }
        }
        double logit = dot(g[norms.size()], lastHidden.row(position));
        return new Attribution(token, logit, parts);
    }

    private ResidualPath path(int position) {
        return ResidualPath.at(model, recorded, embeddingSum(position), position);
    }

    /** The embedding rows summed in the order the forward pass sums them, before any embedding norm. */
    private float[] embeddingSum(int position) {
        Embeddings embeddings = model.embeddings();
        float[] x = embeddings.tokens().row(ids[position]);
        if (embeddings.positions() != null) addTo(x, embeddings.positions().row(embeddings.positionOffset() + position));
        if (embeddings.tokenTypes() != null) addTo(x, embeddings.tokenTypes().row(types == null ? 0 : types[position]));
        return x;
    }

    private static void addTo(float[] x, float[] row) {
        for (int c = 0; c < x.length; c++) x[c] += row[c];
    }

    private void checkPosition(int position) {
        if (position < 0 || position >= ids.length) {
            throw new IllegalArgumentException("position " + position + " is out of range (0.." + (ids.length - 1) + ")");
        }
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static double dot(double[] g, float[] v) {
        double s = 0;
        for (int c = 0; c < g.length; c++) s += g[c] * v[c];
        return s;
    }

    private static double dot(double[] g, Tensor v) {
        return dot(g, v.toFloatArray());
    }

    private static double dotD(double[] g, double[] v) {
        double s = 0;
        for (int c = 0; c < g.length; c++) s += g[c] * v[c];
        return s;
    }

    /** The vectors of one read, gathered for a single projection; FF values are shared between positions. */
    private static final class Readings {
        private final List<float[]> vectors = new ArrayList<>();
        private final Map<Long, Integer> values = new HashMap<>();

        int add(float[] v) {
            vectors.add(v);
            return vectors.size() - 1;
        }

        int value(Mlp mlp, int layer, int unit) {
            return values.computeIfAbsent(((long) layer << 32) | unit, key -> add(mlp.value().row(unit)));
        }

        List<List<TokenScore>> project(Matrix embedding, TraceOptions options) {
            int n = vectors.size();
            int d = embedding.cols();
            float[] packed = new float[n * d];
            for (int i = 0; i < n; i++) System.arraycopy(vectors.get(i), 0, packed, i * d, d);
            List<Projection> projections = Projector.project(embedding, Matrix.wrap(packed, n, d), options.k(), false, options.allowed());
            List<List<TokenScore>> out = new ArrayList<>(n);
            for (Projection p : projections) out.add(p.top());
            return out;
        }
    }
}
