package dev.embspace.io.probe;

import dev.embspace.engine.BadInputException;
import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.tensor.Tensor;
import dev.embspace.io.data.LabelSet;
import dev.embspace.io.safetensors.SafetensorsFile;
import dev.embspace.io.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeadFileTest {

    @TempDir
    Path tmp;

    private static ProbeHead probe() {
        LinearHead head = new LinearHead(Matrix.wrap(new float[]{1, 2, 3, -1, -2, -3}, 2, 3), new float[]{0.5f, -0.5f});
        return new ProbeHead("minilm-l6", 5, Pooling.MEAN, LabelSet.of(List.of("spam", "ham")), head, new float[]{0.5f, 1, -2});
    }

    @Test
    void roundTripsWeightsAndWhatTheHeadReads() throws IOException {
        Path file = tmp.resolve("head.safetensors");
        HeadFile.write(file, probe(), Map.of("train_accuracy", "0.97"));
        ProbeHead back = HeadFile.read(file);
        assertEquals("minilm-l6", back.model());
        assertEquals(5, back.layer());
        assertEquals(Pooling.MEAN, back.pooling());
        assertEquals(List.of("ham", "spam"), back.labels().names());
        assertArrayEquals(probe().head().weights().toArray(), back.head().weights().toArray());
        assertArrayEquals(probe().head().bias(), back.head().bias());
        assertArrayEquals(new float[]{0.5f, 1, -2}, back.featureMean());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals("0.97", st.metadata().get("train_accuracy"));
            assertEquals("[\"ham\",\"spam\"]", st.metadata().get("labels"));
        }
    }

    @Test
    void aSafetensorsFileThatIsNotAHeadIsRejectedByName() throws IOException {
        Path file = tmp.resolve("weights.safetensors");
        SafetensorsWriter.write(file, Map.of("weight", Tensor.wrap(new float[]{1, 2}, 1, 2)), Map.of());
        BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.read(file));
        assertEquals(file + ": not a probe head (expected metadata format=embspace-probe-head; write one with 'embspace probe')", e.getMessage());
    }

    @Test
    void inconsistentLabelsAndShapesAreRejected() throws IOException {
        Path file = tmp.resolve("bad.safetensors");
        SafetensorsWriter.write(file, Map.of("weight", Tensor.wrap(new float[]{1, 2, 3, 4}, 2, 2), "bias", Tensor.wrap(new float[]{0, 0}, 2)),
                Map.of("format", HeadFile.FORMAT, "model", "m", "layer", "1", "pooling", "cls", "labels", "[\"a\",\"b\",\"c\"]"));
        assertEquals(file + ": 3 labels for 2 class rows", assertThrows(BadInputException.class, () -> HeadFile.read(file)).getMessage());
        SafetensorsWriter.write(file, Map.of("weight", Tensor.wrap(new float[]{1, 2, 3, 4}, 2, 2), "bias", Tensor.wrap(new float[]{0, 0}, 2)),
                Map.of("format", HeadFile.FORMAT, "model", "m", "layer", "1", "pooling", "max", "labels", "[\"a\",\"b\"]"));
        assertEquals(file + ": probe head: unknown pooling 'max' (expected mean, cls or last)",
                assertThrows(BadInputException.class, () -> HeadFile.read(file)).getMessage());
        SafetensorsWriter.write(file, Map.of("weight", Tensor.wrap(new float[]{1, 2, 3, 4}, 2, 2), "bias", Tensor.wrap(new float[]{0, 0, 0}, 3)),
                Map.of("format", HeadFile.FORMAT, "model", "m", "layer", "1", "pooling", "cls", "labels", "[\"a\",\"b\"]"));
        assertEquals(file + ": weight [2, 2] and bias [3] do not form a [K, d] head with K biases",
                assertThrows(BadInputException.class, () -> HeadFile.read(file)).getMessage());
    }
}
