package dev.embspace.engine.model;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;

import java.util.List;

/**
 * A transformer, whatever its family, in one view: the embeddings, the blocks and the output side.
 * All matrices are zero-copy views over the checkpoint (see {@link dev.embspace.engine.tensor.Matrix}).
 *
 * @param unembedding W_U as [V, d], one row per token (lm_head, or the tied input embedding)
 * @param unembeddingBias a bias over the vocabulary, or null
 * @param finalNorm the norm before the unembedding (null for BERT, whose last block ends normed)
 * @param mlmTransform a BERT masked-LM head's transform between the last hidden state and the
 *                     decoder, or null (every other family, and encoders saved without the head)
 * @param classifier a sequence-classification head, or null
 */
public record Transformer(String name, ModelSpec spec, Embeddings embeddings, List<Block> blocks,
                          Norm finalNorm, Matrix unembedding, Tensor unembeddingBias, MaskedLmTransform mlmTransform,
                          ClassifierHead classifier) {

    public Transformer {
        blocks = List.copyOf(blocks);
    }

    /** A model with no masked-LM transform and no classifier head. */
    public Transformer(String name, ModelSpec spec, Embeddings embeddings, List<Block> blocks,
                       Norm finalNorm, Matrix unembedding, Tensor unembeddingBias) {
        this(name, spec, embeddings, blocks, finalNorm, unembedding, unembeddingBias, null, null);
    }

    /** The same model with a classifier head (null: none). */
    public Transformer withClassifier(ClassifierHead head) {
        return new Transformer(name, spec, embeddings, blocks, finalNorm, unembedding, unembeddingBias, mlmTransform, head);
    }

    /** E, the V x d matrix that reads vectors as token scores. */
    public Matrix embedding(EmbeddingSide side) {
        return side == EmbeddingSide.INPUT ? embeddings.tokens() : unembedding;
    }

    public Block block(int layer) {
        if (layer < 0 || layer >= blocks.size()) {
            throw new UsageException("layer " + layer + " is out of range (the model has "
                    + blocks.size() + " layers: 0.." + (blocks.size() - 1) + ")");
        }
        return blocks.get(layer);
    }

    public int layers() {
        return blocks.size();
    }

    /** The matrix whose rows are the vectors of {@code kind} in {@code layer} (layer ignored for emb). */
    public Matrix vectors(int layer, VectorKind kind, EmbeddingSide side) {
        if (kind == VectorKind.EMB) return embedding(side);
        if (kind == VectorKind.CLASSIFIER) {
            if (classifier == null) throw new UsageException(name + " has no classifier head (head.classifier needs a *ForSequenceClassification checkpoint)");
            return classifier.weight();
        }
        Block b = block(layer);
        Matrix m = switch (kind) {
            case FF_KEY -> b.mlp().key();
            case FF_GATE -> b.mlp().gate();
            case FF_VALUE -> b.mlp().value();
            case ATTN_Q -> b.attention().q();
            case ATTN_K -> b.attention().k();
            case ATTN_V -> b.attention().v();
            case ATTN_O -> b.attention().o();
            case EMB, CLASSIFIER -> throw new AssertionError();
        };
        if (m == null) {
            throw new UsageException(kind.label() + " does not exist in " + spec.modelType()
                    + " (only gated MLPs have ff.gate)");
        }
        return m;
    }

    /** The d-vector addressed by {@code ref}, as a 1 x d view. */
    public Matrix vector(VectorRef ref, EmbeddingSide side) {
        Matrix family = vectors(ref.layer(), ref.kind(), side);
        if (ref.index() < 0 || ref.index() >= family.rows()) {
            throw new UsageException(ref + ": index " + ref.index() + " is out of range (0.."
                    + (family.rows() - 1) + ")");
        }
        return family.rowRange(ref.index(), ref.index() + 1);
    }
}
