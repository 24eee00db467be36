package dev.embspace.io.gguf;

import dev.embspace.engine.tensor.DType;

/**
 * Java ports of llama.cpp's reference quantizers ({@code quantize_row_*_ref} in ggml-quants.c),
 * written for the tests: they make the bytes a GGUF file holds and, independently of the engine's
 * decoders, the values those bytes stand for, computed from the quantizer's own integers and scales
 * before they are packed. A decoder is right when it reproduces these values exactly.
 */
public final class ReferenceQuantizer {

    /** The packed blocks and the values they encode. */
    public record Quantized(byte[] bytes, float[] values) {
    }

    private ReferenceQuantizer() {
    }

    /** The bytes of {@code x} stored in {@code type}: dense types as they are, quantized ones by the reference. */
    public static byte[] encode(DType type, float[] x) {
        return type.quantized() ? quantize(type, x).bytes() : GgufWriter.encode(type, x);
    }

    /** Quantizes {@code x} (a whole number of blocks) in {@code type}. */
    public static Quantized quantize(DType type, float[] x) {
        int n = type.blockElements();
        if (x.length % n != 0) throw new IllegalArgumentException(x.length + " is not a whole number of blocks");
        byte[] out = new byte[x.length / n * type.blockBytes()];
        float[] values = new float[x.length];
        for (int b = 0; b < x.length / n; b++) {
            Block block = new Block(out, b * type.blockBytes(), x, b * n, values);
            switch (type) {
                case Q8_0 -> q8_0(block);
                case Q4_0 -> q4_0(block);
                case Q4_1 -> q4_1(block);
                case Q5_0 -> q5_0(block);
                case Q5_1 -> q5_1(block);
                case Q4_K -> qK(block, false);
                case Q5_K -> qK(block, true);
                case Q6_K -> q6_K(block);
                default -> throw new IllegalArgumentException(type + " is not quantized");
            }
        }
        return new Quantized(out, values);
    }

    /** One block's input, output bytes and expected values. */
    private record Block(byte[] out, int at, float[] x, int from, float[] values) {
        float x(int i) {
            return x[from + i];
        }

        void value(int i, float v) {
            values[from + i] = v;
        }

        void u8(int offset, int v) {
            out[at + offset] = (byte) v;
        }

        /** Stores {@code v} as f16 and returns the value a reader gets back. */
        float f16(int offset, float v) {
            short h = Float.floatToFloat16(v);
            out[at + offset] = (byte) h;
            out[at + offset + 1] = (byte) (h >> 8);
            return Float.float16ToFloat(h);
        }
    }

    /** C's roundf: halves away from zero. */
    private static int roundf(float v) {
        return (int) Math.copySign(Math.floor(Math.abs(v) + 0.5f), v);
    }

    /** ggml's nearest_int: round to nearest even through the float mantissa. */
    static int nearestInt(float f) {
        float val = f + 12582912f;
        int i = Float.floatToRawIntBits(val);
        return (i & 0x007fffff) - 0x00400000;
    }

    private static void q8_0(Block b) {
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(b.x(j)));
        float d = amax / 127;
        float id = d != 0 ? 1f / d : 0f;
        float dh = b.f16(0, d);
        for (int j = 0; j < 32; j++) {
            int q = roundf(b.x(j) * id);
            b.u8(2 + j, q);
            b.value(j, q * dh);
        }
    }

    /** The value of largest magnitude, with its sign. */
    private static float signedMax(Block b, int n) {
        float amax = 0, max = 0;
        for (int j = 0; j < n; j++) {
            if (amax < Math.abs(b.x(j))) {
                amax = Math.abs(b.x(j));
                max = b.x(j);
            }
        }
        return max;
    }

    private static void q4_0(Block b) {
        float d = signedMax(b, 32) / -8;
        float id = d != 0 ? 1f / d : 0f;
        float dh = b.f16(0, d);
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (byte) (int) (b.x(j) * id + 8.5f));
            int q1 = Math.min(15, (byte) (int) (b.x(j + 16) * id + 8.5f));
            b.u8(2 + j, q0 | (q1 << 4));
            b.value(j, (q0 - 8) * dh);
            b.value(j + 16, (q1 - 8) * dh);
        }
    }

    private static void q4_1(Block b) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            min = Math.min(min, b.x(j));
            max = Math.max(max, b.x(j));
        }
        float d = (max - min) / 15;
        float id = d != 0 ? 1f / d : 0f;
        float dh = b.f16(0, d);
        float mh = b.f16(2, min);
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (byte) (int) ((b.x(j) - min) * id + 0.5f));
            int q1 = Math.min(15, (byte) (int) ((b.x(j + 16) - min) * id + 0.5f));
            b.u8(4 + j, q0 | (q1 << 4));
            b.value(j, q0 * dh + mh);
            b.value(j + 16, q1 * dh + mh);
        }
    }

    private static void q5_0(Block b) {
        float d = signedMax(b, 32) / -16;
        float id = d != 0 ? 1f / d : 0f;
        float dh = b.f16(0, d);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(31, (byte) (int) (b.x(j) * id + 16.5f));
            int q1 = Math.min(31, (byte) (int) (b.x(j + 16) * id + 16.5f));
            b.u8(6 + j, (q0 & 0xF) | ((q1 & 0xF) << 4));
            qh |= ((q0 & 0x10) >> 4) << j;
            qh |= ((q1 & 0x10) >> 4) << (j + 16);
            b.value(j, (q0 - 16) * dh);
            b.value(j + 16, (q1 - 16) * dh);
        }
        for (int k = 0; k < 4; k++) b.u8(2 + k, qh >>> (8 * k));
    }

    private static void q5_1(Block b) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            min = Math.min(min, b.x(j));
            max = Math.max(max, b.x(j));
        }
        float d = (max - min) / 31;
        float id = d != 0 ? 1f / d : 0f;
        float dh = b.f16(0, d);
        float mh = b.f16(2, min);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int q0 = ((int) ((b.x(j) - min) * id + 0.5f)) & 0xFF;
            int q1 = ((int) ((b.x(j + 16) - min) * id + 0.5f)) & 0xFF;
            b.u8(8 + j, (q0 & 0xF) | ((q1 & 0xF) << 4));
            qh |= ((q0 & 0x10) >> 4) << j;
            qh |= ((q1 & 0x10) >> 4) << (j + 16);
            b.value(j, (q0 & 0x1F) * dh + mh);
            b.value(j + 16, (q1 & 0x1F) * dh + mh);
        }
        for (int k = 0; k < 4; k++) b.u8(4 + k, qh >>> (8 * k));
    }

    /**
     * make_qkx2_quants: a scale and (negated) minimum for n values quantized to 0..nmax, searched
     * over nstep candidate scales for the least weighted error. Returns {scale, min}; L is filled.
     */
    private static float[] makeQkx2(int n, int nmax, float[] x, int off, float[] weights, int[] L,
                                    float rmin, float rdelta, int nstep) {
        float min = x[off], max = x[off];
        float sumW = weights[0];
        float sumX = sumW * x[off];
        for (int i = 1; i < n; i++) {
            if (x[off + i] < min) min = x[off + i];
            if (x[off + i] > max) max = x[off + i];
            float w = weights[i];
            sumW += w;
            sumX += w * x[off + i];
        }
        if (min > 0) min = 0;
        if (max == min) {
            for (int i = 0; i < n; i++) L[i] = 0;
            return new float[] {0f, -min};
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = nearestInt(iscale * (x[off + i] - min));
            L[i] = Math.max(0, Math.min(nmax, l));
            float diff = scale * L[i] + min - x[off + i];
            bestError += weights[i] * diff * diff;
        }
        int[] aux = new int[n];
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0, sumL2 = 0, sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.max(0, Math.min(nmax, nearestInt(iscale * (x[off + i] - min))));
                aux[i] = l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[off + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * aux[i] + thisMin - x[off + i];
                    error += weights[i] * diff * diff;
                }
                if (error < bestError) {
                    System.arraycopy(aux, 0, L, 0, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        return new float[] {scale, -min};
    }

    /** get_scale_min_k4 over the packed 12 scale bytes. */
    private static int[] scaleMinK4(int j, int[] q) {
        if (j < 4) return new int[] {q[j] & 63, q[j + 4] & 63};
        return new int[] {(q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4), (q[j + 4] >> 4) | ((q[j] >> 6) << 4)};
    }

    /** quantize_row_q4_K_ref, or with {@code fiveBits} quantize_row_q5_K_ref. */
    private static void qK(Block b, boolean fiveBits) {
        int nmax = fiveBits ? 31 : 15;
        float[] x = b.x();
        int[] all = new int[256];
        float[] scales = new float[8], mins = new float[8];
        float maxScale = 0, maxMin = 0;
        for (int j = 0; j < 8; j++) {
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) sumX2 += b.x(32 * j + l) * b.x(32 * j + l);
            float avX = (float) Math.sqrt(sumX2 / 32);
            float[] weights = new float[32];
            for (int l = 0; l < 32; l++) weights[l] = avX + Math.abs(b.x(32 * j + l));
            int[] L = new int[32];
            float[] sm = fiveBits ? makeQkx2(32, 31, x, b.from() + 32 * j, weights, L, -0.5f, 0.1f, 15)
                    : makeQkx2(32, 15, x, b.from() + 32 * j, weights, L, -1f, 0.1f, 20);
            System.arraycopy(L, 0, all, 32 * j, 32);
            scales[j] = sm[0];
            mins[j] = sm[1];
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        int[] packed = new int[12];
        for (int j = 0; j < 8; j++) {
            int ls = Math.min(63, nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, nearestInt(invMin * mins[j]) & 0xFF);
            if (j < 4) {
                packed[j] = ls;
                packed[j + 4] = lm;
            } else {
                packed[j + 4] = (ls & 0xF) | ((lm & 0xF) << 4);
                packed[j - 4] |= (ls >> 4) << 6;
                packed[j] |= (lm >> 4) << 6;
            }
        }
        float dh = b.f16(0, maxScale / 63f);
        float dminh = b.f16(2, maxMin / 63f);
        for (int k = 0; k < 12; k++) b.u8(4 + k, packed[k]);
        for (int j = 0; j < 8; j++) {
            int[] sm = scaleMinK4(j, packed);
            float d = dh * sm[0];
            float dm = dminh * sm[1];
            if (d != 0) {
                for (int i = 0; i < 32; i++) {
                    all[32 * j + i] = Math.max(0, Math.min(nmax, nearestInt((b.x(32 * j + i) + dm) / d)));
                }
            }
            for (int i = 0; i < 32; i++) b.value(32 * j + i, d * all[32 * j + i] - dm);
        }
        int qs = fiveBits ? 48 : 16;
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = all[64 * c + l], hi = all[64 * c + 32 + l];
                b.u8(qs + 32 * c + l, (lo & 0xF) | ((hi & 0xF) << 4));
            }
        }
        if (fiveBits) {
            for (int l = 0; l < 32; l++) {
                int h = 0;
                for (int c = 0; c < 4; c++) {
                    if (all[64 * c + l] > 15) h |= 1 << (2 * c);
                    if (all[64 * c + 32 + l] > 15) h |= 1 << (2 * c + 1);
                }
                b.u8(16 + l, h);
            }
        }
    }

    /** make_qx_quants with rmse_type 1 and no importance weights (weights x^2). */
    private static float makeQx(int n, int nmax, float[] x, int off, int[] L) {
        float max = 0, amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[off + i]);
            if (ax > amax) {
                amax = ax;
                max = x[off + i];
            }
        }
        if (amax < 1e-15f) {
            for (int i = 0; i < n; i++) L[i] = 0;
            return 0f;
        }
        float iscale = -nmax / max;
        float sumlx = 0, suml2 = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[off + i])));
            L[i] = l + nmax;
            float w = x[off + i] * x[off + i];
            sumlx += w * x[off + i] * l;
            suml2 += w * l * l;
        }
        float scale = suml2 != 0 ? sumlx / suml2 : 0f;
        float best = scale * sumlx;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) continue;
            iscale = -(nmax + 0.1f * is) / max;
            sumlx = 0;
            suml2 = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[off + i])));
                float w = x[off + i] * x[off + i];
                sumlx += w * x[off + i] * l;
                suml2 += w * l * l;
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2) {
                for (int i = 0; i < n; i++) {
                    L[i] = nmax + Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[off + i])));
                }
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    private static void q6_K(Block b) {
        int[] all = new int[256];
        float[] scales = new float[16];
        float maxScale = 0, maxAbsScale = 0;
        for (int ib = 0; ib < 16; ib++) {
            int[] L = new int[16];
            scales[ib] = makeQx(16, 32, b.x(), b.from() + 16 * ib, L);
            System.arraycopy(L, 0, all, 16 * ib, 16);
            if (Math.abs(scales[ib]) > maxAbsScale) {
                maxAbsScale = Math.abs(scales[ib]);
                maxScale = scales[ib];
            }
        }
        if (maxAbsScale < 1e-15f) {
            b.f16(208, 0f);
            for (int i = 0; i < 256; i++) b.value(i, 0f);
            return;
        }
        float iscale = -128f / maxScale;
        float dh = b.f16(208, 1 / iscale);
        int[] sc = new int[16];
        for (int ib = 0; ib < 16; ib++) {
            sc[ib] = (byte) Math.min(127, nearestInt(iscale * scales[ib]));
            b.u8(192 + ib, sc[ib]);
        }
        for (int j = 0; j < 16; j++) {
            float d = dh * sc[j];
            if (d != 0) {
                for (int i = 0; i < 16; i++) {
                    all[16 * j + i] = Math.max(-32, Math.min(31, nearestInt(b.x(16 * j + i) / d))) + 32;
                }
            }
            for (int i = 0; i < 16; i++) b.value(16 * j + i, d * (all[16 * j + i] - 32));
        }
        for (int half = 0; half < 2; half++) {
            for (int l = 0; l < 32; l++) {
                int base = 128 * half;
                int q1 = all[base + l], q2 = all[base + l + 32], q3 = all[base + l + 64], q4 = all[base + l + 96];
                b.u8(64 * half + l, (q1 & 0xF) | ((q3 & 0xF) << 4));
                b.u8(64 * half + l + 32, (q2 & 0xF) | ((q4 & 0xF) << 4));
                b.u8(128 + 32 * half + l, (q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
            }
        }
    }
}
