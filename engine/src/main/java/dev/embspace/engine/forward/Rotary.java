package dev.embspace.engine.forward;

/**
 * Rotary position embeddings in the GPT-NeoX / Llama convention ("rotate_half"): the first
 * {@code dims} dimensions of a head are split into halves, and dimension i of the first half turns
 * with dimension i of the second by the angle position * theta^(-2i/dims). Dimensions past
 * {@code dims} (GPT-NeoX's rotary_pct < 1) pass through untouched. Interleaved, the pair is
 * dimensions 2i and 2i + 1 instead (ggml's convention, for which llama.cpp permutes Llama's q and k
 * rows): the same rotation of the same vectors, numbered differently.
 */
public final class Rotary {

    private final int dims;
    private final boolean interleaved;
    private final float[] inverseFrequencies;

    /**
     * @param headDim  the head size
     * @param fraction the share of each head that rotates (NeoX's rotary_pct; 1 for Llama)
     * @param theta    the base (rope_theta, NeoX's rotary_emb_base)
     */
    public Rotary(int headDim, float fraction, float theta) {
        this(headDim, fraction, theta, false);
    }

    /** @param interleaved pairs (2i, 2i + 1) rather than (i, i + dims / 2) */
    public Rotary(int headDim, float fraction, float theta, boolean interleaved) {
        this.interleaved = interleaved;
        // NeoX truncates: rotary_ndims = int(head_size * rotary_pct)
        this.dims = (int) (headDim * fraction);
        if (dims <= 0 || dims > headDim || dims % 2 != 0) {
            throw new IllegalArgumentException("rotary fraction " + fraction + " of head size " + headDim
                    + " gives " + dims + " rotary dimensions; expected an even number in 2.." + headDim);
        }
        int half = dims / 2;
        inverseFrequencies = new float[half];
        for (int i = 0; i < half; i++) {
            // each step rounded to float as torch computes inv_freq = 1 / base^(arange(0, dims, 2) / dims):
            // at position p the angle is p * inv_freq, so an ulp of inv_freq is p ulps of angle
            float exponent = (float) (2 * i) / dims;
            float power = (float) Math.pow(theta, exponent);
            inverseFrequencies[i] = 1f / power;
        }
    }

    /** How many leading dimensions of each head rotate. */
    public int dims() {
        return dims;
    }

    /** cos and sin of every angle at {@code position}: {@code dims / 2} entries each. */
    void angles(int position, float[] cos, float[] sin) {
        for (int i = 0; i < inverseFrequencies.length; i++) {
            float angle = position * inverseFrequencies[i];
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
    }

    /** Rotates the head vector at {@code v[offset, offset + headDim)} by the given angles. */
    void rotate(float[] v, int offset, float[] cos, float[] sin) {
        int half = dims / 2;
        for (int i = 0; i < half; i++) {
            int first = offset + (interleaved ? 2 * i : i);
            int second = interleaved ? first + 1 : first + half;
            float a = v[first];
            float b = v[second];
            v[first] = a * cos[i] - b * sin[i];
            v[second] = b * cos[i] + a * sin[i];
        }
    }

    /** Rotates one head vector {@code v[offset, offset + headDim)} for {@code position}. */
    public void apply(float[] v, int offset, int position) {
        float[] cos = new float[dims / 2];
        float[] sin = new float[dims / 2];
        angles(position, cos, sin);
        rotate(v, offset, cos, sin);
    }
}
