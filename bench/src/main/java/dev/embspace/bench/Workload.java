package dev.embspace.bench;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.align.AlignOptions;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.kernel.ProductTopK;
import dev.embspace.engine.model.Activation;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Block;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Embeddings;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.model.Mlp;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Circuit;
import dev.embspace.engine.project.HeadProjector;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.ReverseIndex;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three workloads the engine is benchmarked on, with the peer script's names and shapes:
 * {@code gemm M K N} (C = A B^T, A M x K, B N x K), {@code project N D V K} (top-K tokens of N
 * vectors against a V x D embedding) and {@code head V R K} (top-K entries of A B^T, A and B V x R);
 * and two whole-model sweeps on synthetic weights of a given shape: {@code neurons L F D V K} (every
 * FF key and value of L layers of F units; a last argument R adds a reverse index of R units per
 * token to {@code project} and {@code neurons}) and {@code heads L H R D V K} (both circuits of every
 * head of L layers of H heads of dimension R); and {@code align L F D V}, the alignment of two such
 * models of L layers (F FF units, width D, H = D / 32 heads) over all six kinds.
 * The constructor builds the inputs; {@link #run} is the timed part.
 */
abstract sealed class Workload {

    /** Floating-point operations of one run (for GFLOP/s), counted as the dense product would. */
    abstract double flops();

    abstract void run();

    static Workload parse(String[] args) {
        String name = args[0].toLowerCase(Locale.ROOT);
        int[] n = new int[args.length - 1];
        for (int i = 1; i < args.length; i++) n[i - 1] = Integer.parseInt(args[i]);
        return switch (name) {
            case "gemm" -> new GemmRun(n[0], n[1], n[2]);
            case "project" -> new ProjectRun(n[0], n[1], n[2], n[3], n.length > 4 ? n[4] : 0);
            case "head" -> new HeadRun(n[0], n[1], n[2]);
            case "neurons" -> new NeuronsSweep(n[0], n[1], n[2], n[3], n[4], n.length > 5 ? n[5] : 0);
            case "heads" -> new HeadsSweep(n[0], n[1], n[2], n[3], n[4], n[5]);
            case "align" -> new AlignRun(n[0], n[1], n[2], n[3]);
            default -> throw new IllegalArgumentException("unknown workload '" + args[0] + "' (gemm, project, head, neurons, heads, align)");
        };
    }

    static final class GemmRun extends Workload {
        private final Matrix a;
        private final Matrix b;
        private final float[] c;

        GemmRun(int m, int k, int n) {
            a = BenchData.gaussian(1, m, k);
            b = BenchData.gaussian(2, n, k);
            c = new float[Math.multiplyExact(m, n)];
        }

        @Override
        double flops() {
            return 2.0 * a.rows() * b.rows() * a.cols();
        }

        @Override
        void run() {
            Gemm.get().multiplyTransposed(a, b, c);
        }
    }

    /**
     * {@code project N D V K [R]}: with R > 0 the same pass also fills a fresh reverse index of the
     * R best units per token (a first call: nothing is known yet, so every token's list fills up).
     */
    static final class ProjectRun extends Workload {
        private final Matrix vectors;
        private final Matrix embedding;
        private final int k;
        private final int reverseK;

        ProjectRun(int n, int d, int v, int k, int reverseK) {
            vectors = BenchData.gaussian(3, n, d);
            embedding = BenchData.gaussian(4, v, d);
            this.k = k;
            this.reverseK = reverseK;
        }

        @Override
        double flops() {
            return 2.0 * vectors.rows() * embedding.rows() * vectors.cols();
        }

        @Override
        void run() {
            ReverseIndex reverse = reverseK > 0 ? new ReverseIndex(embedding.rows(), reverseK) : null;
            Projector.project(embedding, vectors, k, false, null, reverse, 0);
        }
    }

    static final class HeadRun extends Workload {
        private final Matrix a;
        private final Matrix b;
        private final int k;

        HeadRun(int v, int r, int k) {
            a = BenchData.gaussian(5, v, r);
            b = BenchData.gaussian(6, v, r);
            this.k = k;
        }

        @Override
        double flops() {
            return 2.0 * a.rows() * b.rows() * a.cols();
        }

        @Override
        void run() {
            ProductTopK.get().top(a, b, k, null, null, false);
        }
    }

    /**
     * What {@code embspace neurons --kind ff.key,ff.value} does, layer by layer, on random weights;
     * {@code neurons L F D V K R} also fills one reverse index of R units per token across the sweep,
     * as the atlas does.
     */
    static final class NeuronsSweep extends Workload {
        private final Matrix embedding;
        private final Matrix[] layers;
        private final int k;
        private final int reverseK;

        NeuronsSweep(int layerCount, int units, int d, int v, int k, int reverseK) {
            embedding = BenchData.gaussian(7, v, d);
            layers = new Matrix[2 * layerCount];
            for (int i = 0; i < layers.length; i++) layers[i] = BenchData.gaussian(100 + i, units, d);
            this.k = k;
            this.reverseK = reverseK;
        }

        @Override
        double flops() {
            return 2.0 * layers.length * layers[0].rows() * embedding.rows() * embedding.cols();
        }

        @Override
        void run() {
            ReverseIndex reverse = reverseK > 0 ? new ReverseIndex(embedding.rows(), reverseK) : null;
            int unit = 0;
            for (Matrix vectors : layers) {
                for (int from = 0; from < vectors.rows(); from += 1024) {
                    int to = Math.min(vectors.rows(), from + 1024);
                    Projector.project(embedding, vectors.rowRange(from, to), k, false, null, reverse, unit);
                    unit += to - from;
                }
            }
        }
    }

    /** What {@code embspace heads --circuit both} does over every layer and head, on random weights. */
    static final class HeadsSweep extends Workload {
        private final Matrix embedding;
        private final Attention[] layers;
        private final int k;

        HeadsSweep(int layerCount, int heads, int headDim, int d, int v, int k) {
            embedding = BenchData.gaussian(8, v, d);
            layers = new Attention[layerCount];
            for (int l = 0; l < layerCount; l++) {
                layers[l] = new Attention(heads, heads, headDim,
                        BenchData.gaussian(200 + 4L * l, heads * headDim, d), BenchData.gaussian(201 + 4L * l, heads * headDim, d),
                        BenchData.gaussian(202 + 4L * l, heads * headDim, d), BenchData.gaussian(203 + 4L * l, heads * headDim, d),
                        null, null, null, null);
            }
            this.k = k;
        }

        @Override
        double flops() {
            return 2.0 * layers.length * layers[0].heads() * 2 * embedding.rows() * embedding.rows() * layers[0].headDim();
        }

        @Override
        void run() {
            for (Attention attention : layers) {
                for (int h = 0; h < attention.heads(); h++) {
                    for (Circuit circuit : Circuit.values()) HeadProjector.top(embedding, attention, h, circuit, k, false, null);
                }
            }
        }
    }

    /**
     * What {@code embspace align -m A -m B} does for two models of one shape (e5-small-v2 and
     * bge-small-en-v1.5: 12 1536 384 30522), on random weights: six kinds, every pair of layers.
     */
    static final class AlignRun extends Workload {
        private final Transformer a;
        private final Transformer b;

        AlignRun(int layers, int units, int d, int v) {
            a = randomModel("a", 300, layers, units, d, v);
            b = randomModel("b", 400, layers, units, d, v);
        }

        @Override
        double flops() {
            int layers = a.layers(), d = a.spec().dModel(), units = a.spec().dFf(), v = a.embedding(EmbeddingSide.OUTPUT).rows();
            double kernels = 3 * 2.0 * v * d * d;
            double pairs = 2.0 * layers * layers * d * (2.0 * units * units + 4.0 * d * d);
            return kernels + pairs;
        }

        @Override
        void run() {
            // the numpy peer computes the embedding-space correlations only, so leave out the raw baseline
            AlignOptions embeddingSpaceOnly = new AlignOptions(AlignOptions.defaults().kinds(), false, false, EmbeddingSide.OUTPUT);
            Alignment.align(a, b, embeddingSpaceOnly, Progress.NONE);
        }

        private static Transformer randomModel(String name, long seed, int layers, int units, int d, int v) {
            int heads = d / 32;
            ModelSpec spec = new ModelSpec(Family.BERT, "bert", v, d, layers, heads, heads, 32, units, 512,
                    Activation.GELU, true, false, 0f, 10000f, true);
            Matrix e = BenchData.gaussian(seed, v, d);
            List<Block> blocks = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                long s = seed + 10L * (l + 1);
                Attention attention = new Attention(heads, heads, 32, BenchData.gaussian(s, d, d),
                        BenchData.gaussian(s + 1, d, d), BenchData.gaussian(s + 2, d, d), BenchData.gaussian(s + 3, d, d),
                        null, null, null, null);
                Mlp mlp = new Mlp(BenchData.gaussian(s + 4, units, d), null, BenchData.gaussian(s + 5, units, d),
                        null, null, Activation.GELU);
                blocks.add(new Block(l, null, attention, null, mlp));
            }
            return new Transformer(name, spec, new Embeddings(e, null, null, null, 0), blocks, null, e, null);
        }
    }
}
