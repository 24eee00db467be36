package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.translate.StitchedFeatures;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StitchSweepFigureTest {

    @Test
    void onePointPerCutAndTranslation() {
        List<StitchedFeatures.Cut> cuts = new ArrayList<>();
        List<Map<String, Double>> accuracy = new ArrayList<>();
        for (int n = 0; n <= 12; n++) {
            cuts.add(new StitchedFeatures.Cut(n, Math.min(6, n / 2)));
            Map<String, Double> a = new LinkedHashMap<>();
            a.put("pinv", 0.7 + 0.02 * n);
            a.put("transpose", 0.6 + 0.01 * n);
            accuracy.add(a);
        }
        StitchSweepFigure.Sweep sweep = new StitchSweepFigure.Sweep("donor", "host", cuts, accuracy, 0.99, null, 0.72);
        Figure figure = StitchSweepFigure.of(sweep);
        List<Element> points = SvgMarks.parse(figure.svg()).marks("point");
        assertEquals(13 * 2, points.size());
        for (Element p : points) {
            int n = FigureData.integer(p, "host-layers");
            assertEquals(accuracy.get(n).get(p.getAttribute("data-translation")), FigureData.value(p));
            assertEquals(cuts.get(n).donorFrom(), FigureData.integer(p, "donor-from"));
        }
        assertEquals(13 * 2, FigureData.csv(figure.csv()).size());
        JsonNode json = FigureData.json(figure.json());
        assertEquals(0.99, json.get("donor_accuracy").asDouble());
        assertEquals(accuracy.get(5).get("transpose"), json.at("/sweep/5/accuracy/transpose").asDouble());
        assertEquals(true, json.get("host_probe_accuracy").isNull());
    }
}
