package dev.embspace.engine.forward.trace;

import dev.embspace.engine.forward.Batch;
import dev.embspace.engine.forward.ForwardHook;

import java.util.EnumMap;
import java.util.Map;

/**
 * A hook that keeps a copy of everything a trace reads, for one sequence: the stream at each point
 * of every block, the heads' z and the FF coefficients as they were written (after any
 * intervention that ran before it). Chained after an intervention so it sees what that changed.
 */
final class StreamRecorder implements ForwardHook {

    private final ForwardHook before;
    private final Map<Point, float[][]> points = new EnumMap<>(Point.class);
    private final float[][] heads;
    private final float[][] hidden;
    private final int[] headDims;

    StreamRecorder(int layers, ForwardHook before) {
        this.before = before;
        for (Point p : Point.values()) points.put(p, new float[layers][]);
        this.heads = new float[layers][];
        this.hidden = new float[layers][];
        this.headDims = new int[layers];
    }

    @Override
    public void residual(int layer, Point point, Batch batch, float[] values) {
        before.residual(layer, point, batch, values);
        points.get(point)[layer] = values.clone();
    }

    @Override
    public void attentionHeads(int layer, Batch batch, int headDim, float[] z) {
        before.attentionHeads(layer, batch, headDim, z);
        heads[layer] = z.clone();
        headDims[layer] = headDim;
    }

    @Override
    public void ffHidden(int layer, Batch batch, float[] values) {
        before.ffHidden(layer, batch, values);
        hidden[layer] = values.clone();
    }

    /** The packed [T x d] values recorded at {@code point} of {@code layer}. */
    float[] at(int layer, Point point) {
        return points.get(point)[layer];
    }

    /** The heads' z [T x heads*dh] of {@code layer}. */
    float[] heads(int layer) {
        return heads[layer];
    }

    /** The FF coefficients [T x dFf] of {@code layer}. */
    float[] hidden(int layer) {
        return hidden[layer];
    }
}
