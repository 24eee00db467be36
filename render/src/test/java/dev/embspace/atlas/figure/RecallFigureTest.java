package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.forward.recall.LayerRecall;
import dev.embspace.engine.forward.recall.RecallExperiment;
import dev.embspace.engine.forward.recall.RecallOptions;
import dev.embspace.engine.forward.recall.RecallResult;
import dev.embspace.engine.forward.recall.RecallScore;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecallFigureTest {

    @Test
    void onePointPerLayerKindAndPanelForRealAndRandom() {
        Transformer model = TinyTransformers.gpt2(21);
        RecallResult r = RecallExperiment.measure(ForwardPass.of(model), Arrays.asList(TinyTransformers.ids(22, 9, 7, 12)),
                24, 16, new RecallOptions(6, 3, 7L, EmbeddingSide.OUTPUT, null), Progress.NONE);
        Figure figure = RecallFigure.of(r, "tiny");
        SvgMarks svg = SvgMarks.parse(figure.svg());
        int expected = 2 * r.layers().size() * RecallExperiment.KINDS.size();
        List<Element> real = svg.marks("point", "real");
        assertEquals(expected, real.size());
        assertEquals(expected, svg.marks("point", "random").size());
        for (Element point : real) {
            LayerRecall layer = r.layers().get(FigureData.integer(point, "layer"));
            VectorKind kind = VectorKind.fromLabel(point.getAttribute("data-kind")).orElseThrow();
            RecallScore s = (point.getAttribute("data-panel").equals("layer") ? layer.againstLayer() : layer.againstLast()).get(kind);
            assertEquals(s.recall(), FigureData.value(point));
        }
        assertEquals(expected, FigureData.csv(figure.csv()).size());
        JsonNode json = FigureData.json(figure.json());
        RecallScore last = r.layers().get(1).againstLast().get(VectorKind.FF_VALUE);
        assertEquals(last.recall(), json.at("/layers/1/against_last/ff.value/recall").asDouble());
        assertEquals(last.random(), json.at("/layers/1/against_last/ff.value/random").asDouble());
    }
}
