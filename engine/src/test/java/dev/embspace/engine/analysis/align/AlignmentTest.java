package dev.embspace.engine.analysis.align;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignmentTest {

    private static final double TOLERANCE = 2e-5;

    @Test
    void embeddingSpaceCorrelationsOfModelsOfDifferentDepthAndWidthMatchBruteForce() {
        RandomModels.Shape shape = RandomModels.Shape.small();
        Transformer a = RandomModels.random("a", shape, 1);
        Transformer b = RandomModels.random("b", shape.withLayers(2).withWidth(12, 3, 4, 24), 2);
        AlignOptions options = new AlignOptions(AlignOptions.DEFAULT_KINDS, true, true, EmbeddingSide.OUTPUT);
        AlignResult result = Alignment.align(a, b, options, Progress.NONE);
        assertEquals(6, result.kinds().size());
        for (KindAlignment k : result.kinds()) {
            assertNull(k.rawMatrix(), "widths differ: no raw baseline");
            for (int i = 0; i < a.layers(); i++) {
                for (int j = 0; j < b.layers(); j++) {
                    double expected = meanAbs(vocabularyCorrelations(a, i, b, j, k.kind(), options));
                    assertEquals(expected, k.matrix()[i][j], TOLERANCE, k.kind() + " " + i + "," + j);
                }
            }
            assertEquals(3, k.matching().size());
            assertEquals(1, k.matching().stream().filter(m -> m == null).count(), "3 layers onto 2: one left over");
        }
    }

    @Test
    void rawBaselineMatchesFeatureSpacePearsonWhenWidthsAgree() {
        Transformer a = RandomModels.random("a", RandomModels.Shape.small(), 3);
        Transformer b = RandomModels.random("b", RandomModels.Shape.small().withLayers(4), 4);
        AlignOptions options = new AlignOptions(List.of(VectorKind.FF_KEY, VectorKind.ATTN_O), true, false, EmbeddingSide.INPUT);
        AlignResult result = Alignment.align(a, b, options, Progress.NONE);
        for (KindAlignment k : result.kinds()) {
            assertNotNull(k.rawMatrix());
            for (int i = 0; i < a.layers(); i++) {
                for (int j = 0; j < b.layers(); j++) {
                    double[][] x = RandomModels.dense(a.vectors(i, k.kind(), EmbeddingSide.INPUT));
                    double[][] y = RandomModels.dense(b.vectors(j, k.kind(), EmbeddingSide.INPUT));
                    double sum = 0;
                    for (double[] xi : x) for (double[] yj : y) sum += Math.abs(pearson(xi, yj));
                    assertEquals(sum / (x.length * y.length), k.rawMatrix()[i][j], TOLERANCE);
                    double expected = meanAbs(vocabularyCorrelations(a, i, b, j, k.kind(), options));
                    assertEquals(expected, k.matrix()[i][j], TOLERANCE);
                }
            }
            assertEquals(3, k.rawMatching().stream().distinct().count(), "3 layers onto 4, all distinct");
        }
    }

    @Test
    void aModelAlignedWithItselfMatchesEachLayerToItselfAndEveryVectorCorrelatesFullyWithItself() {
        Transformer a = RandomModels.random("a", RandomModels.Shape.small().withLayers(4), 5);
        AlignResult result = Alignment.align(a, a, AlignOptions.defaults(), Progress.NONE);
        for (KindAlignment k : result.kinds()) {
            assertEquals(List.of(0, 1, 2, 3), k.matching(), k.kind().label());
            assertEquals(List.of(0, 1, 2, 3), k.rawMatching(), k.kind().label());
        }
        Matrix c = Alignment.correlations(a, 2, a, 2, VectorKind.FF_VALUE, AlignOptions.defaults());
        for (int i = 0; i < c.rows(); i++) assertEquals(1.0, c.get(i, i), 1e-5);
    }

    @Test
    void refusesModelsWithDifferentVocabularySizes() {
        Transformer a = RandomModels.random("a", RandomModels.Shape.small(), 1);
        Transformer b = RandomModels.random("b", RandomModels.Shape.small().withVocab(150), 2);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Alignment.align(a, b, AlignOptions.defaults(), Progress.NONE));
        assertTrue(e.getMessage().contains("200 vs 150"), e.getMessage());
    }

    @Test
    void sharedVocabularyMeansTheSameTokenAtEveryId() {
        Vocabulary abc = vocabulary("a", "b", "c");
        Alignment.requireSharedVocabulary("A", abc, "B", vocabulary("a", "b", "c"));
        BadInputException size = assertThrows(BadInputException.class,
                () -> Alignment.requireSharedVocabulary("A", abc, "B", vocabulary("a", "b")));
        assertTrue(size.getMessage().contains("3 vs 2 tokens"), size.getMessage());
        BadInputException token = assertThrows(BadInputException.class,
                () -> Alignment.requireSharedVocabulary("A", abc, "B", vocabulary("a", "x", "c")));
        assertTrue(token.getMessage().contains("token 1 is 'b' vs 'x'"), token.getMessage());
    }

    private static Vocabulary vocabulary(String... tokens) {
        return new Vocabulary() {
            @Override
            public int size() {
                return tokens.length;
            }

            @Override
            public String token(int id) {
                return tokens[id];
            }

            @Override
            public OptionalInt id(String token) {
                return IntStream.range(0, tokens.length).filter(i -> tokens[i].equals(token)).findFirst();
            }

            @Override
            public String readable(int id) {
                return tokens[id];
            }
        };
    }

    /** Every Pearson correlation of the score vectors E_A x and E_B y, built explicitly in double. */
    private static double[][] vocabularyCorrelations(Transformer a, int i, Transformer b, int j, VectorKind kind,
                                                     AlignOptions o) {
        double[][] sa = scores(a, i, kind, o);
        double[][] sb = scores(b, j, kind, o);
        double[][] out = new double[sa.length][sb.length];
        for (int p = 0; p < sa.length; p++) for (int q = 0; q < sb.length; q++) out[p][q] = pearson(sa[p], sb[q]);
        return out;
    }

    private static double[][] scores(Transformer m, int layer, VectorKind kind, AlignOptions o) {
        double[][] x = RandomModels.dense(ParameterVectors.of(m, layer, kind, o.side(), o.foldLn()));
        double[][] e = RandomModels.dense(m.embedding(o.side()));
        double[][] s = new double[x.length][e.length];
        for (int v = 0; v < x.length; v++) {
            for (int t = 0; t < e.length; t++) {
                double dot = 0;
                for (int c = 0; c < x[v].length; c++) dot += e[t][c] * x[v][c];
                s[v][t] = dot;
            }
        }
        return s;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double meanAbs(double[][] m) {
        double s = 0;
        int n = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += Math.abs(v);
                n++;
            }
        }
        return s / n;
    }
}
