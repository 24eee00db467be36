package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.analysis.keepk.KeepK;
import dev.embspace.engine.analysis.keepk.KeepKCurve;
import dev.embspace.engine.analysis.keepk.KeepKOptions;
import dev.embspace.engine.analysis.keepk.KeepKResult;
import dev.embspace.engine.model.EmbeddingSide;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeepKFigureTest {

    @Test
    void everyFamilyHasOnePointPerKForEachReadingMap() {
        KeepKResult r = KeepK.compute(RandomModels.random("m", RandomModels.Shape.small(), 3),
                new KeepKOptions(12, 6, 5, null, EmbeddingSide.OUTPUT), Progress.NONE);
        Figure figure = KeepKFigure.of(r);
        SvgMarks svg = SvgMarks.parse(figure.svg());
        int points = r.k().length;
        List<Element> transpose = svg.marks("point", "transpose");
        List<Element> pinv = svg.marks("point", "pseudo-inverse");
        assertEquals(r.curves().size() * points, transpose.size());
        assertEquals(r.curves().size() * points, pinv.size());

        List<Map<String, String>> rows = FigureData.csv(figure.csv());
        assertEquals(r.curves().size() * points, rows.size());
        JsonNode json = FigureData.json(figure.json());
        for (KeepKCurve c : r.curves()) {
            String family = c.family().label();
            for (int i = 0; i < points; i++) {
                int k = r.k()[i];
                assertEquals(c.transpose()[i], FigureData.value(find(transpose, family, k)));
                assertEquals(c.pseudoInverse()[i], FigureData.value(find(pinv, family, k)));
                assertEquals(c.transpose()[i], json.at("/families/" + family + "/transpose/" + i).asDouble());
                assertEquals(c.pseudoInverse()[i], json.at("/families/" + family + "/pseudo_inverse/" + i).asDouble());
                Map<String, String> row = rows.stream().filter(x -> x.get("family").equals(family)
                        && x.get("k").equals(Integer.toString(k))).findFirst().orElseThrow();
                assertEquals(c.transpose()[i], Double.parseDouble(row.get("transpose")));
                assertEquals(c.pseudoInverse()[i], Double.parseDouble(row.get("pseudo_inverse")));
            }
        }
    }

    private static Element find(List<Element> marks, String family, int k) {
        return marks.stream().filter(m -> m.getAttribute("data-family").equals(family) && FigureData.integer(m, "k") == k)
                .findFirst().orElseThrow();
    }
}
