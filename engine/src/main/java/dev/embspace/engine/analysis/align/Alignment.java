package dev.embspace.engine.analysis.align;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.kernel.Gemm;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.parallel.Parallel;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.Vocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns the layers of two models that share a vocabulary, as the paper does: a vector x of A and
 * a vector y of B are compared through the token scores they induce, the Pearson correlation of
 * E_A x and E_B y across the vocabulary. Depths and widths may differ, since only the vocabulary is
 * common ground. Every correlation goes through d x d kernels ({@link VocabularyCovariance}), so the
 * cost per vector pair is a d-sized dot product, not a V-sized one.
 */
public final class Alignment {

    private Alignment() {
    }

    /**
     * Refuses two vocabularies that are not the same token list: alignment in embedding space
     * only means something when token t is the same item on both sides.
     */
    public static void requireSharedVocabulary(String nameA, Vocabulary a, String nameB, Vocabulary b) {
        if (a.size() != b.size()) {
            throw new BadInputException(nameA + " and " + nameB + " do not share a vocabulary ("
                    + a.size() + " vs " + b.size() + " tokens); align needs the same vocabulary");
        }
        for (int id = 0; id < a.size(); id++) {
            if (!a.token(id).equals(b.token(id))) {
                throw new BadInputException(nameA + " and " + nameB + " do not share a vocabulary (token " + id
                        + " is '" + a.token(id) + "' vs '" + b.token(id) + "'); align needs the same vocabulary");
            }
        }
    }

    public static AlignResult align(Transformer a, Transformer b, AlignOptions options, Progress progress) {
        Matrix ea = a.embedding(options.side());
        Matrix eb = b.embedding(options.side());
        if (ea.rows() != eb.rows()) {
            throw new BadInputException(a.name() + " and " + b.name() + " do not share a vocabulary ("
                    + ea.rows() + " vs " + eb.rows() + " embedding rows); align needs the same vocabulary");
        }
        progress.message("vocabulary covariances (" + ea.rows() + " tokens)");
        Matrix ca = VocabularyCovariance.centeredTransposed(ea);
        Matrix cb = a == b ? ca : VocabularyCovariance.centeredTransposed(eb);
        Matrix gramA = VocabularyCovariance.cross(ca, ca);
        Matrix gramB = a == b ? gramA : VocabularyCovariance.cross(cb, cb);
        Matrix crossAB = a == b ? gramA : VocabularyCovariance.cross(ca, cb);
        boolean raw = options.raw() && a.spec().dModel() == b.spec().dModel();

        progress.start("aligning " + a.name() + " with " + b.name(), (long) options.kinds().size() * a.layers());
        List<KindAlignment> kinds = new ArrayList<>();
        for (VectorKind kind : options.kinds()) {
            Matrix[] right = new Matrix[b.layers()];
            Matrix[] rawRight = new Matrix[b.layers()];
            Parallel.forRange(b.layers(), j -> {
                Matrix y = ParameterVectors.of(b, j, kind, options.side(), options.foldLn());
                right[j] = CorrelationBlock.rightInEmbeddingSpace(y, gramB);
                if (raw) rawRight[j] = CorrelationBlock.featureSpace(y);
            });
            double[][] matrix = new double[a.layers()][b.layers()];
            double[][] rawMatrix = raw ? new double[a.layers()][b.layers()] : null;
            Parallel.forRange(a.layers(), i -> {
                Matrix x = ParameterVectors.of(a, i, kind, options.side(), options.foldLn());
                Matrix left = CorrelationBlock.leftInEmbeddingSpace(x, crossAB, gramA);
                Matrix rawLeft = raw ? CorrelationBlock.featureSpace(x) : null;
                float[] buffer = new float[x.rows() * maxRows(right)];
                for (int j = 0; j < b.layers(); j++) {
                    matrix[i][j] = CorrelationBlock.meanAbsolute(left, right[j], buffer);
                    if (raw) rawMatrix[i][j] = CorrelationBlock.meanAbsolute(rawLeft, rawRight[j], buffer);
                }
                progress.advance(1);
            });
            requireFinite(a, b, kind, matrix);
            kinds.add(new KindAlignment(kind, matrix, matching(matrix), rawMatrix, raw ? matching(rawMatrix) : null));
        }
        progress.finish();
        return new AlignResult(a.name(), b.name(), options.foldLn(), kinds);
    }

    /**
     * Every correlation between the vectors of {@code kind} in layer {@code layerA} of A and layer
     * {@code layerB} of B: an n_A x n_B matrix, entry (i, j) the Pearson correlation of E_A x_i and
     * E_B y_j across the vocabulary. For reading off which vector of B answers a vector of A.
     */
    public static Matrix correlations(Transformer a, int layerA, Transformer b, int layerB, VectorKind kind,
                                      AlignOptions options) {
        Matrix ca = VocabularyCovariance.centeredTransposed(a.embedding(options.side()));
        Matrix cb = VocabularyCovariance.centeredTransposed(b.embedding(options.side()));
        if (ca.cols() != cb.cols()) {
            throw new BadInputException(a.name() + " and " + b.name() + " do not share a vocabulary ("
                    + ca.cols() + " vs " + cb.cols() + " embedding rows)");
        }
        Matrix x = ParameterVectors.of(a, layerA, kind, options.side(), options.foldLn());
        Matrix y = ParameterVectors.of(b, layerB, kind, options.side(), options.foldLn());
        Matrix left = CorrelationBlock.leftInEmbeddingSpace(x, VocabularyCovariance.cross(ca, cb),
                VocabularyCovariance.cross(ca, ca));
        Matrix right = CorrelationBlock.rightInEmbeddingSpace(y, VocabularyCovariance.cross(cb, cb));
        float[] c = new float[x.rows() * y.rows()];
        Gemm.get().multiplyTransposed(left, right, c);
        return Matrix.wrap(c, x.rows(), y.rows());
    }

    private static int maxRows(Matrix[] blocks) {
        int max = 0;
        for (Matrix m : blocks) max = Math.max(max, m.rows());
        return max;
    }

    /**
     * NaN or infinite correlations come from NaN or infinite weights in a checkpoint: the models'
     * content is bad, so this is bad input (exit 3) before the matching would fail on it as a bug.
     */
    private static void requireFinite(Transformer a, Transformer b, VectorKind kind, double[][] matrix) {
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < matrix[i].length; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new BadInputException(a.name() + " / " + b.name() + ": the " + kind.label() + " correlation of layers "
                            + i + " and " + j + " is " + matrix[i][j] + "; the weights hold NaN or infinite values");
                }
            }
        }
    }

    /** Hungarian matching of A's layers to B's, null where a layer of A is left over. */
    static List<Integer> matching(double[][] matrix) {
        List<Integer> out = new ArrayList<>();
        for (int j : Hungarian.maximize(matrix)) out.add(j == Hungarian.UNASSIGNED ? null : j);
        return out;
    }
}
