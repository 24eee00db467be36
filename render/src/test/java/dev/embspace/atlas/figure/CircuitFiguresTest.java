package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitFiguresTest {

    private static final RandomModels.Shape SHAPE = RandomModels.Shape.small().withLayers(4);
    private static final CircuitScores SCORES = CircuitScores.compute(RandomModels.random("m", SHAPE, 9), false, Progress.NONE);

    @Test
    void copyingIsOneCellPerHeadCarryingItsScore() {
        Figure figure = CopyingFigure.of(SCORES);
        List<Element> cells = SvgMarks.parse(figure.svg()).marks("cell", "copying");
        assertEquals(SHAPE.layers() * SHAPE.heads(), cells.size());
        assertTrue(cells.stream().allMatch(SvgMarks::drawn));
        for (Element cell : cells) {
            assertEquals(SCORES.copying()[FigureData.integer(cell, "layer")][FigureData.integer(cell, "head")], FigureData.value(cell));
        }
        List<Map<String, String>> rows = FigureData.csv(figure.csv());
        assertEquals(cells.size(), rows.size());
        for (Map<String, String> row : rows) {
            assertEquals(SCORES.copying()[Integer.parseInt(row.get("layer"))][Integer.parseInt(row.get("head"))],
                    Double.parseDouble(row.get("copying")));
        }
        JsonNode json = FigureData.json(figure.json());
        assertEquals(SCORES.copying()[2][3], json.at("/copying/2/3").asDouble());
    }

    @Test
    void compositionDrawsEveryPairFromAnEarlierToALaterLayerForEachKind() {
        Figure figure = CompositionFigure.of(SCORES);
        SvgMarks svg = SvgMarks.parse(figure.svg());
        int layerPairs = SHAPE.layers() * (SHAPE.layers() - 1) / 2;
        int perKind = layerPairs * SHAPE.heads() * SHAPE.heads();
        double[][][] matrices = {SCORES.composition().q(), SCORES.composition().k(), SCORES.composition().v()};
        for (int kind = 0; kind < 3; kind++) {
            List<Element> cells = svg.marks("cell", CompositionFigure.KINDS.get(kind));
            assertEquals(perKind, cells.size());
            for (Element cell : cells) {
                assertEquals(matrices[kind][index(cell.getAttribute("data-from"))][index(cell.getAttribute("data-to"))],
                        FigureData.value(cell));
            }
        }
        assertEquals(3 * perKind, FigureData.csv(figure.csv()).size());
        JsonNode json = FigureData.json(figure.json());
        assertTrue(json.at("/q/0/0").isNull(), "a head does not compose with its own layer");
        assertEquals(SCORES.composition().v()[1][SHAPE.heads() + 2], json.at("/v/1/" + (SHAPE.heads() + 2)).asDouble());
    }

    @Test
    void theCircuitsFigureHoldsTheCopyingAndTheCompositionHeatmaps() {
        Figure figure = CircuitsFigure.of(SCORES);
        SvgMarks svg = SvgMarks.parse(figure.svg());
        int perKind = SHAPE.layers() * (SHAPE.layers() - 1) / 2 * SHAPE.heads() * SHAPE.heads();
        assertEquals(SHAPE.layers() * SHAPE.heads(), svg.marks("cell", "copying").size());
        for (String kind : CompositionFigure.KINDS) assertEquals(perKind, svg.marks("cell", kind).size());
        assertEquals(SHAPE.layers() * SHAPE.heads() + 3 * perKind, FigureData.csv(figure.csv()).size());
        JsonNode json = FigureData.json(figure.json());
        assertEquals(SCORES.copying()[3][1], json.at("/copying/3/1").asDouble());
        assertEquals(SCORES.composition().k()[2][SHAPE.heads() * 3], json.at("/composition/k/2/" + SHAPE.heads() * 3).asDouble());
    }

    /** "L2H3" to layer * heads + head. */
    private static int index(String head) {
        int h = head.indexOf('H');
        return Integer.parseInt(head.substring(1, h)) * SHAPE.heads() + Integer.parseInt(head.substring(h + 1));
    }
}
