package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.RandomModels;
import dev.embspace.engine.analysis.align.AlignOptions;
import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.Alignment;
import dev.embspace.engine.analysis.align.KindAlignment;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.VectorKind;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignmentFigureTest {

    private static final AlignResult RESULT = Alignment.align(
            RandomModels.random("a", RandomModels.Shape.small().withLayers(4), 1),
            RandomModels.random("b", RandomModels.Shape.small().withLayers(3), 2),
            new AlignOptions(List.of(VectorKind.FF_KEY, VectorKind.ATTN_O), true, false, EmbeddingSide.OUTPUT), Progress.NONE);

    @Test
    void oneKindIsAHeatmapWithItsMatchingAndTheRawBaselineBesideIt() {
        KindAlignment k = RESULT.kinds().get(1);
        Figure figure = AlignmentFigure.of(RESULT, k.kind());
        assertEquals("align-attn.o", figure.name());
        SvgMarks svg = SvgMarks.parse(figure.svg());
        List<Element> cells = svg.marks("cell", "embedding");
        assertEquals(4 * 3, cells.size());
        assertEquals(4 * 3, svg.marks("cell", "raw").size());
        for (Element cell : cells) {
            assertEquals(k.matrix()[FigureData.integer(cell, "a")][FigureData.integer(cell, "b")], FigureData.value(cell));
        }
        // A has 4 layers and B 3: three of A's layers are matched, one is not
        List<Element> matches = svg.marks("match", "embedding");
        assertEquals(3, matches.size());
        for (Element match : matches) {
            assertEquals(k.matching().get(FigureData.integer(match, "a")), FigureData.integer(match, "b"));
        }
        assertEquals(3, svg.marks("match", "raw").size());
        assertTrue(svg.marks("cell").stream().noneMatch(c -> c.getAttribute("data-kind").equals("ff.key")));

        assertEquals(2 * 4 * 3, FigureData.csv(figure.csv()).size());
        JsonNode json = FigureData.json(figure.json());
        assertEquals(k.rawMatrix()[3][2], json.at("/params/attn.o/raw_matrix/3/2").asDouble());
        assertEquals(k.matching().get(0).intValue(), json.at("/params/attn.o/matching/0").asInt());
    }

    @Test
    void theWholeResultDrawsEveryKind() {
        SvgMarks svg = SvgMarks.parse(AlignmentFigure.of(RESULT).svg());
        assertEquals(2 * 4 * 3, svg.marks("cell", "embedding").size());
        assertEquals(2 * 3, svg.marks("match", "embedding").size());
    }
}
