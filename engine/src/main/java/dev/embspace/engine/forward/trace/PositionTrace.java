package dev.embspace.engine.forward.trace;

import dev.embspace.engine.project.TokenScore;

import java.util.List;

/**
 * One position of a trace: every layer read in embedding space, and the model's top predictions
 * there (the last layer's stream through the final norm and E).
 */
public record PositionTrace(int position, List<LayerTrace> layers, List<TokenScore> predictions) {

    /**
     * One layer at one position: the lens at three points, the dominant FF sub-updates and each
     * head's direct contribution.
     *
     * @param preAttn  the stream entering the block, through the final norm and E
     * @param postAttn the stream after the attention sublayer
     * @param postFf   the stream leaving the block
     * @param heads    one reading per head (empty for a lens-only trace)
     */
    public record LayerTrace(int layer, List<TokenScore> preAttn, List<TokenScore> postAttn, List<TokenScore> postFf,
                             List<FfUpdate> ffUpdates, List<HeadReading> heads) {
    }

    /**
     * An FF sub-update m_i v_i (Geva et al. 2022): unit i's coefficient m_i on its value v_i.
     *
     * @param weight the size of the sub-update, |m_i| * ||v_i||, by which updates are ranked
     * @param top    the value vector's own top tokens, E v_i (as {@code project L.ff.value.i} reads it)
     */
    public record FfUpdate(int unit, float activation, float weight, List<TokenScore> top) {
    }

    /** A head's output at the position, z_h W_O[h], carried through the frozen norms to the output and read through E. */
    public record HeadReading(int head, List<TokenScore> top) {
    }
}
