package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LogitLens;
import dev.embspace.engine.forward.TinyTransformers;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.engine.Progress;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LensFigureTest {

    /** Token i reads as "t<i>", with a comma and a quote now and then to exercise CSV quoting. */
    private static final Vocabulary VOCAB = new Vocabulary() {
        public int size() { return TinyTransformers.VOCAB; }
        public String token(int id) { return id % 7 == 0 ? "t\"" + id + ",x" : "t" + id; }
        public OptionalInt id(String token) { return OptionalInt.empty(); }
        public String readable(int id) { return token(id); }
    };

    @Test
    void aRandomModelGivesOneCellPerLayerAndPositionNamingItsTopToken() {
        Transformer model = TinyTransformers.gpt2(4);
        int[] ids = TinyTransformers.ids(5, 9)[0];
        ForwardResult result = ForwardPass.of(model).run(new int[][]{ids}, null, Capture.residualStream());
        List<List<Projection>> lens = LogitLens.of(model, EmbeddingSide.OUTPUT).read(result, 0, 3, id -> true);
        List<String> tokens = new ArrayList<>();
        for (int id : ids) tokens.add(VOCAB.readable(id));
        check(LensFigure.of("tiny", tokens, lens, VOCAB), tokens, lens, VOCAB);
    }

    @Test
    void minilmReadsARealSentence() {
        try (LoadedModel m = ModelLoader.load(RealModels.minilm().toString(), Progress.NONE)) {
            Encoding e = m.tokenizer().encode("The capital of France is Paris.");
            ForwardResult result = ForwardPass.of(m.transformer())
                    .run(new int[][]{e.ids()}, new int[][]{e.typeIds()}, Capture.residualStream());
            List<List<Projection>> lens = LogitLens.of(m.transformer(), EmbeddingSide.OUTPUT).read(result, 0, 5, id -> true);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < e.size(); i++) tokens.add(m.vocabulary().readable(e.id(i)));
            Figure figure = LensFigure.of(m.ref(), tokens, lens, m.vocabulary());
            check(figure, tokens, lens, m.vocabulary());
            assertEquals(6, lens.size());
            assertTrue(SvgMarks.parse(figure.svg()).texts().contains("paris"), "the input tokens label the columns");
        }
    }

    private static void check(Figure figure, List<String> tokens, List<List<Projection>> lens, Vocabulary vocab) {
        SvgMarks svg = SvgMarks.parse(figure.svg());
        List<Element> cells = svg.marks("cell");
        assertEquals(lens.size() * tokens.size(), cells.size());
        List<String> texts = svg.texts();
        for (Element cell : cells) {
            Projection p = lens.get(FigureData.integer(cell, "layer")).get(FigureData.integer(cell, "position"));
            String top = vocab.readable(p.top().get(0).id());
            assertEquals(top, cell.getAttribute("data-token"));
            assertEquals(p.top().get(0).score(), (float) FigureData.value(cell));
            String shown = top.length() <= 10 ? top : top.substring(0, 9) + "\u2026";
            assertTrue(texts.contains(shown), "the cell's token is written in the grid: " + shown);
        }
        JsonNode json = FigureData.json(figure.json());
        for (int l = 0; l < lens.size(); l++) {
            for (int pos = 0; pos < tokens.size(); pos++) {
                var top = lens.get(l).get(pos).top().get(0);
                assertEquals(vocab.readable(top.id()), json.at("/layers/" + l + "/positions/" + pos + "/top").asText());
                assertEquals(top.score(), (float) json.at("/layers/" + l + "/positions/" + pos + "/score").asDouble());
            }
        }
        assertEquals(lens.size() * tokens.size() + 1, figure.csv().lines().count());
    }
}
