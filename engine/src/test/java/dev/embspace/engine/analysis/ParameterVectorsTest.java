package dev.embspace.engine.analysis;

import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ParameterVectorsTest {

    @Test
    void preNormModelsFoldEachSublayersOwnNorm() {
        Transformer m = RandomModels.random("gpt", RandomModels.Shape.small(), 1);
        assertSame(m.block(1).attnNorm().weight(), ParameterVectors.readingGain(m, 1, VectorKind.ATTN_K));
        assertSame(m.block(1).mlpNorm().weight(), ParameterVectors.readingGain(m, 1, VectorKind.FF_KEY));
        assertNull(ParameterVectors.readingGain(m, 1, VectorKind.ATTN_O));
        assertNull(ParameterVectors.readingGain(m, 1, VectorKind.FF_VALUE));
    }

    @Test
    void postNormModelsFoldTheNormThatPrecedesTheSublayer() {
        Transformer m = RandomModels.random("bert", RandomModels.Shape.small().bertStyle(), 2);
        assertSame(m.embeddings().norm().weight(), ParameterVectors.readingGain(m, 0, VectorKind.ATTN_Q));
        assertSame(m.block(0).mlpNorm().weight(), ParameterVectors.readingGain(m, 1, VectorKind.ATTN_V));
        assertSame(m.block(2).attnNorm().weight(), ParameterVectors.readingGain(m, 2, VectorKind.FF_KEY));
    }

    @Test
    void foldingScalesEachColumnByTheGainAndLeavesWritingVectorsAlone() {
        Transformer m = RandomModels.random("gpt", RandomModels.Shape.small(), 3);
        Matrix raw = m.vectors(2, VectorKind.ATTN_Q, EmbeddingSide.OUTPUT);
        Matrix folded = ParameterVectors.of(m, 2, VectorKind.ATTN_Q, EmbeddingSide.OUTPUT, true);
        Tensor gain = m.block(2).attnNorm().weight();
        for (int r = 0; r < raw.rows(); r++) {
            for (int c = 0; c < raw.cols(); c++) assertEquals(raw.get(r, c) * gain.get(c), folded.get(r, c), 1e-6);
        }
        assertSame(m.vectors(2, VectorKind.ATTN_O, EmbeddingSide.OUTPUT),
                ParameterVectors.of(m, 2, VectorKind.ATTN_O, EmbeddingSide.OUTPUT, true));
        Matrix u = ParameterVectors.unembedding(m, true);
        assertEquals(m.unembedding().get(7, 3) * m.finalNorm().weight().get(3), u.get(7, 3), 1e-6);
    }
}
