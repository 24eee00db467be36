package dev.embspace.engine.forward;

import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Norm;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain forward pass for one sequence, written straight from the Hugging Face modelling code of
 * each family, in double precision, one element at a time and without the engine's kernels: the
 * oracle the engine's {@link ForwardPass} is compared against. Rotary follows the torch code
 * literally (rotate_half on concatenated halves), and GQA expands kv heads as repeat_kv does.
 */
public final class ReferenceForward {

    /** Everything one sequence produced: [position][...] per layer. */
    public record Trace(double[][] lastHidden, List<double[][]> residuals, List<double[][]> ffHidden, List<double[][]> heads) {
    }

    private final Transformer model;
    private final ModelSpec spec;

    private ReferenceForward(Transformer model) {
        this.model = model;
        this.spec = model.spec();
    }

    public static Trace run(Transformer model, int[] ids, int[] types) {
        return new ReferenceForward(model).forward(ids, types);
    }

    private Trace forward(int[] ids, int[] types) {
        Embeddings e = model.embeddings();
        int n = ids.length, d = spec.dModel();
        double[][] h = new double[n][d];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < d; c++) {
                double x = e.tokens().get(ids[p], c);
                if (e.positions() != null) x += e.positions().get(e.positionOffset() + p, c);
                if (e.tokenTypes() != null) x += e.tokenTypes().get(types == null ? 0 : types[p], c);
                h[p][c] = x;
            }
        }
        if (e.norm() != null) h = norm(h, e.norm());
        List<double[][]> residuals = new ArrayList<>(), ffHidden = new ArrayList<>(), heads = new ArrayList<>();
        for (Block b : model.blocks()) {
            double[][][] z = new double[1][][];
            double[][][] hidden = new double[1][][];
            if (spec.family() == Family.BERT) {
                h = norm(add(h, attention(h, b.attention(), z)), b.attnNorm());
                h = norm(add(h, mlp(h, b.mlp(), hidden)), b.mlpNorm());
            } else if (spec.parallelResidual()) {
                h = add(add(h, attention(norm(h, b.attnNorm()), b.attention(), z)), mlp(norm(h, b.mlpNorm()), b.mlp(), hidden));
            } else {
                h = add(h, attention(norm(h, b.attnNorm()), b.attention(), z));
                h = add(h, mlp(norm(h, b.mlpNorm()), b.mlp(), hidden));
            }
            residuals.add(h);
            ffHidden.add(hidden[0]);
            heads.add(z[0]);
        }
        double[][] last = model.finalNorm() == null ? h : norm(h, model.finalNorm());
        return new Trace(last, residuals, ffHidden, heads);
    }

    private double[][] attention(double[][] x, Attention a, double[][][] zOut) {
        int n = x.length, dh = a.headDim(), heads = a.heads();
        double[][] q = project(x, a.q(), a.qBias());
        double[][] k = repeatKv(project(x, a.k(), a.kBias()), a);
        double[][] v = repeatKv(project(x, a.v(), a.vBias()), a);
        if (spec.rotaryFraction() > 0) {
            for (int p = 0; p < n; p++) {
                for (int h = 0; h < heads; h++) {
                    rotary(q[p], h * dh, dh, p);
                    rotary(k[p], h * dh, dh, p);
                }
            }
        }
        boolean causal = spec.family() != Family.BERT;
        double[][] z = new double[n][heads * dh];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                double[] w = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (causal && j > i) {
                        w[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double s = 0;
                    for (int t = 0; t < dh; t++) s += q[i][h * dh + t] * k[j][h * dh + t];
                    w[j] = s / Math.sqrt(dh);
                    max = Math.max(max, w[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) sum += (w[j] = Math.exp(w[j] - max));
                for (int j = 0; j < n; j++) {
                    for (int t = 0; t < dh; t++) z[i][h * dh + t] += w[j] / sum * v[j][h * dh + t];
                }
            }
        }
        zOut[0] = z;
        // o's row r is what z's entry r writes into the residual stream
        double[][] out = new double[n][spec.dModel()];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < spec.dModel(); c++) {
                double s = a.oBias() == null ? 0 : a.oBias().get(c);
                for (int r = 0; r < heads * dh; r++) s += z[p][r] * a.o().get(r, c);
                out[p][c] = s;
            }
        }
        return out;
    }

    /** torch's repeat_kv: each kv head repeated heads/kvHeads times, consecutively. */
    private static double[][] repeatKv(double[][] kv, Attention a) {
        int repeats = a.heads() / a.kvHeads(), dh = a.headDim();
        double[][] out = new double[kv.length][a.heads() * dh];
        for (int p = 0; p < kv.length; p++) {
            for (int g = 0; g < a.kvHeads(); g++) {
                for (int r = 0; r < repeats; r++) {
                    System.arraycopy(kv[p], g * dh, out[p], (g * repeats + r) * dh, dh);
                }
            }
        }
        return out;
    }

    /** apply_rotary_pos_emb on one head: x_rot * cos + rotate_half(x_rot) * sin, x_pass untouched. */
    private void rotary(double[] x, int offset, int dh, int position) {
        int dims = (int) (dh * spec.rotaryFraction());
        int half = dims / 2;
        double[] cos = new double[dims], sin = new double[dims];
        for (int i = 0; i < half; i++) {
            double invFreq = 1.0 / Math.pow(spec.ropeTheta(), (2.0 * i) / dims);
            // emb = cat(freqs, freqs)
            cos[i] = cos[i + half] = Math.cos(position * invFreq);
            sin[i] = sin[i + half] = Math.sin(position * invFreq);
        }
        double[] rot = new double[dims];
        System.arraycopy(x, offset, rot, 0, dims);
        double[] rotatedHalf = new double[dims];
        for (int i = 0; i < half; i++) {
            rotatedHalf[i] = -rot[i + half];
            rotatedHalf[i + half] = rot[i];
        }
        for (int i = 0; i < dims; i++) x[offset + i] = rot[i] * cos[i] + rotatedHalf[i] * sin[i];
    }

    private double[][] mlp(double[][] x, Mlp m, double[][][] hiddenOut) {
        double[][] pre = project(x, m.key(), m.keyBias());
        double[][] gate = m.gated() ? project(x, m.gate(), null) : null;
        double[][] hidden = new double[x.length][m.units()];
        for (int p = 0; p < x.length; p++) {
            for (int u = 0; u < m.units(); u++) {
                hidden[p][u] = gate == null ? activate(m.activation(), pre[p][u]) : activate(m.activation(), gate[p][u]) * pre[p][u];
            }
        }
        hiddenOut[0] = hidden;
        double[][] out = new double[x.length][spec.dModel()];
        for (int p = 0; p < x.length; p++) {
            for (int c = 0; c < spec.dModel(); c++) {
                double s = m.valueBias() == null ? 0 : m.valueBias().get(c);
                for (int u = 0; u < m.units(); u++) s += hidden[p][u] * m.value().get(u, c);
                out[p][c] = s;
            }
        }
        return out;
    }

    /** x W^T + b with W's row i the vector output i reads. */
    private static double[][] project(double[][] x, Matrix w, Tensor bias) {
        double[][] out = new double[x.length][w.rows()];
        for (int p = 0; p < x.length; p++) {
            for (int i = 0; i < w.rows(); i++) {
                double s = bias == null ? 0 : bias.get(i);
                for (int c = 0; c < w.cols(); c++) s += x[p][c] * w.get(i, c);
                out[p][i] = s;
            }
        }
        return out;
    }

    private static double[][] norm(double[][] x, Norm norm) {
        double[][] out = new double[x.length][];
        for (int p = 0; p < x.length; p++) {
            int d = x[p].length;
            double mean = 0;
            if (norm.kind() == Norm.Kind.LAYER_NORM) {
                for (double v : x[p]) mean += v;
                mean /= d;
            }
            double meanSquare = 0;
            for (double v : x[p]) meanSquare += (v - mean) * (v - mean);
            meanSquare /= d;
            out[p] = new double[d];
            for (int c = 0; c < d; c++) {
                double y = (x[p][c] - mean) / Math.sqrt(meanSquare + norm.eps()) * norm.weight().get(c);
                out[p][c] = norm.bias() == null ? y : y + norm.bias().get(c);
            }
        }
        return out;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int p = 0; p < a.length; p++) {
            out[p] = a[p].clone();
            for (int c = 0; c < out[p].length; c++) out[p][c] += b[p][c];
        }
        return out;
    }

    static double activate(Activation activation, double x) {
        return switch (activation) {
            case GELU -> 0.5 * x * (1 + erfSeries(x / Math.sqrt(2)));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * Math.pow(x, 3))));
            case RELU -> Math.max(0, x);
            case SILU -> x / (1 + Math.exp(-x));
        };
    }

    /** erf from its Maclaurin series, exact to ~1e-9 where |x| < 4; beyond, erf is +-1 to 1.5e-8. */
    static double erfSeries(double x) {
        if (Math.abs(x) >= 4) return Math.signum(x);
        double term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
