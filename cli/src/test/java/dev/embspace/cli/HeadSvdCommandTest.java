package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.project.Circuit;
import dev.embspace.engine.project.HeadSvd;
import dev.embspace.engine.project.HeadSvdTest;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code heads --svd} on minilm-l6: the contract's JSON, and the directions rebuild the real W_OV and W_QK. */
class HeadSvdCommandTest {

    @Test
    void singularDirectionsOfARealHeadHaveTheContractShape() throws Exception {
        Cli.Result r = Cli.run("heads", "-m", RealModels.minilm().toString(), "--svd", "--layer", "2", "--head", "3",
                "--circuit", "both", "--directions", "4", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        JsonNode dirs = Json.MAPPER.readTree(r.out()).get("directions");
        assertEquals(8, dirs.size());
        for (int i = 0; i < dirs.size(); i++) {
            JsonNode d = dirs.get(i);
            assertEquals(2, d.get("layer").asInt());
            assertEquals(3, d.get("head").asInt());
            assertEquals(i < 4 ? "ov" : "qk", d.get("circuit").asText());
            assertEquals(i % 4, d.get("rank").asInt());
            assertEquals(10, d.get("left").size());
            assertEquals(10, d.get("right").size());
            assertTrue(d.get("right").get(0).get("score").asDouble() > 0);
            if (i % 4 > 0) assertTrue(dirs.get(i - 1).get("singular_value").asDouble() >= d.get("singular_value").asDouble());
        }
    }

    @Test
    void directionsReconstructARealHead() {
        try (LoadedModel m = ModelLoader.load(RealModels.minilm().toString(), Progress.NONE)) {
            Attention attention = m.transformer().block(4).attention();
            int d = m.transformer().spec().dModel();
            for (Circuit circuit : Circuit.values()) {
                List<HeadSvd.Direction> dirs = HeadSvd.directions(attention, 7, circuit, Integer.MAX_VALUE);
                double[][] w = HeadSvdTest.bruteForce(circuit.fromSide(attention, 7).toArray(), circuit.toSide(attention, 7).toArray(),
                        attention.headDim(), d);
                HeadSvdTest.assertReconstructs(w, dirs, "minilm L4 head 7 " + circuit);
            }
        }
    }
}
