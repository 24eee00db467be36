package dev.embspace.engine.analysis;

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
import java.util.Random;

/**
 * Small random transformers on heap tensors, for testing the analyses against brute-force
 * references. Norm gains are drawn around 1 (not exactly 1) so that LayerNorm folding changes
 * results; the output embedding is untied from the input one so that tests notice which is used.
 */
public final class RandomModels {

    /** The sizes of a random model. {@code postNorm} gives BERT's layout, otherwise GPT-2's. */
    public record Shape(int vocab, int d, int layers, int heads, int kvHeads, int headDim, int dFf,
                        boolean gated, boolean postNorm) {

        public static Shape small() {
            return new Shape(200, 16, 3, 4, 4, 4, 32, false, false);
        }

        public Shape withLayers(int n) {
            return new Shape(vocab, d, n, heads, kvHeads, headDim, dFf, gated, postNorm);
        }

        public Shape withWidth(int width, int headCount, int headSize, int ff) {
            return new Shape(vocab, width, layers, headCount, headCount, headSize, ff, gated, postNorm);
        }

        public Shape withVocab(int v) {
            return new Shape(v, d, layers, heads, kvHeads, headDim, dFf, gated, postNorm);
        }

        public Shape grouped(int kv) {
            return new Shape(vocab, d, layers, heads, kv, headDim, dFf, true, postNorm);
        }

        public Shape bertStyle() {
            return new Shape(vocab, d, layers, heads, kvHeads, headDim, dFf, gated, true);
        }
    }

    private RandomModels() {
    }

    public static Transformer random(String name, Shape s, long seed) {
        Random rng = new Random(seed);
        Family family = s.gated() ? Family.LLAMA : s.postNorm() ? Family.BERT : Family.GPT2;
        ModelSpec spec = new ModelSpec(family, family.name().toLowerCase(), s.vocab(), s.d(), s.layers(),
                s.heads(), s.kvHeads(), s.headDim(), s.dFf(), 64, s.gated() ? Activation.SILU : Activation.GELU,
                s.postNorm(), false, 0f, 10000f, false);
        Embeddings embeddings = new Embeddings(matrix(rng, s.vocab(), s.d()), null, null,
                s.postNorm() ? norm(rng, s.d()) : null, 0);
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            Attention attn = new Attention(s.heads(), s.kvHeads(), s.headDim(),
                    matrix(rng, s.heads() * s.headDim(), s.d()),
                    matrix(rng, s.kvHeads() * s.headDim(), s.d()),
                    matrix(rng, s.kvHeads() * s.headDim(), s.d()),
                    matrix(rng, s.heads() * s.headDim(), s.d()),
                    null, null, null, null);
            Mlp mlp = new Mlp(matrix(rng, s.dFf(), s.d()), s.gated() ? matrix(rng, s.dFf(), s.d()) : null,
                    matrix(rng, s.dFf(), s.d()), null, null, spec.activation());
            blocks.add(new Block(l, norm(rng, s.d()), attn, norm(rng, s.d()), mlp));
        }
        Norm finalNorm = s.postNorm() ? null : norm(rng, s.d());
        return new Transformer(name, spec, embeddings, blocks, finalNorm, matrix(rng, s.vocab(), s.d()), null);
    }

    /** A copy of {@code base} whose every parameter moved by {@code scale} times fresh noise. */
    public static Transformer perturbed(Transformer base, double scale, long seed) {
        Random rng = new Random(seed);
        List<Block> blocks = new ArrayList<>();
        for (Block b : base.blocks()) {
            Attention a = b.attention();
            Attention moved = new Attention(a.heads(), a.kvHeads(), a.headDim(), nudge(a.q(), scale, rng),
                    nudge(a.k(), scale, rng), nudge(a.v(), scale, rng), nudge(a.o(), scale, rng),
                    null, null, null, null);
            Mlp m = b.mlp();
            Mlp mlp = new Mlp(nudge(m.key(), scale, rng), m.gate() == null ? null : nudge(m.gate(), scale, rng),
                    nudge(m.value(), scale, rng), null, null, m.activation());
            blocks.add(new Block(b.index(), b.attnNorm(), moved, b.mlpNorm(), mlp));
        }
        Embeddings e = base.embeddings();
        return new Transformer(base.name() + "-tuned", base.spec(),
                new Embeddings(nudge(e.tokens(), scale, rng), null, null, e.norm(), 0), blocks,
                base.finalNorm(), nudge(base.unembedding(), scale, rng), null);
    }

    /** A dense double copy of a matrix, for references. */
    public static double[][] dense(Matrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) out[r][c] = m.get(r, c);
        }
        return out;
    }

    private static Matrix nudge(Matrix m, double scale, Random rng) {
        float[] data = m.toArray();
        for (int i = 0; i < data.length; i++) data[i] += (float) (scale * rng.nextGaussian());
        return Matrix.wrap(data, m.rows(), m.cols());
    }

    private static Matrix matrix(Random rng, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) data[i] = (float) rng.nextGaussian();
        return Matrix.wrap(data, rows, cols);
    }

    private static Norm norm(Random rng, int d) {
        float[] gain = new float[d];
        float[] bias = new float[d];
        for (int i = 0; i < d; i++) {
            gain[i] = (float) (1 + 0.5 * rng.nextGaussian());
            bias[i] = (float) (0.1 * rng.nextGaussian());
        }
        return Norm.layerNorm(Tensor.wrap(gain, d), Tensor.wrap(bias, d), 1e-5f);
    }
}
