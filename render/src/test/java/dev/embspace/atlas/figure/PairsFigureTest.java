package dev.embspace.atlas.figure;

import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.analysis.pairs.LayerOverlap;
import dev.embspace.engine.analysis.pairs.PairsOptions;
import dev.embspace.engine.analysis.pairs.PairsResult;
import dev.embspace.engine.analysis.pairs.RelatedPairs;
import dev.embspace.engine.model.EmbeddingSide;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairsFigureTest {

    @Test
    void sixLayersDrawSixTimesThreeRelatedBarsAndAsManyShuffled() {
        PairsResult result = RelatedPairs.compute(RandomModels.random("six", RandomModels.Shape.small().withLayers(6), 5),
                new PairsOptions(10, false, 42, false, EmbeddingSide.OUTPUT, null, 0), Progress.NONE);
        Figure figure = PairsFigure.of(result);
        SvgMarks svg = SvgMarks.parse(figure.svg());

        List<Element> related = svg.marks("bar", "related");
        assertEquals(6 * 3, related.size());
        assertEquals(6 * 3, svg.marks("bar", "shuffled").size());
        assertTrue(related.stream().allMatch(SvgMarks::drawn));
        for (LayerOverlap l : result.layers()) {
            assertEquals(l.kv(), value(related, l.layer(), "kv"));
            assertEquals(l.vo(), value(related, l.layer(), "vo"));
            assertEquals(l.qk(), value(related, l.layer(), "qk"));
        }
        List<java.util.Map<String, String>> rows = FigureData.csv(figure.csv());
        assertEquals(6, rows.size());
        var json = FigureData.json(figure.json());
        for (LayerOverlap l : result.layers()) {
            assertEquals(l.voShuffled(), Double.parseDouble(rows.get(l.layer()).get("vo_shuffled")));
            assertEquals(l.kv(), json.at("/layers/" + l.layer() + "/kv").asDouble());
            assertEquals(l.qkShuffled(), json.at("/layers/" + l.layer() + "/qk_shuffled").asDouble());
        }
    }

    private static double value(List<Element> marks, int layer, String relation) {
        return marks.stream().filter(m -> m.getAttribute("data-layer").equals(Integer.toString(layer))
                        && m.getAttribute("data-relation").equals(relation))
                .mapToDouble(m -> Double.parseDouble(m.getAttribute("data-value"))).findFirst().orElseThrow();
    }
}
