package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.vocab.Vocabulary;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;

import java.awt.Color;
import java.awt.Font;
import java.util.List;

/**
 * The logit lens of one text as a grid: a row per layer, a column per input token, each cell
 * naming the top token that layer's residual stream reads as, coloured by its score. Marks:
 * {@code g.mark.cell}, with {@code data-layer}, {@code data-position}, {@code data-token} (the
 * readable top token) and {@code data-value}; layers x positions of them.
 */
public final class LensFigure {

    private static final Font CELL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final int MAX_CHARS = 10;

    private LensFigure() {
    }

    /**
     * @param tokens the input tokens, readable, one per position
     * @param lens   lens.get(layer).get(position): that layer's top tokens there (as {@code LogitLens.read})
     */
    public static Figure of(String model, List<String> tokens, List<List<Projection>> lens, Vocabulary vocabulary) {
        int layers = lens.size(), positions = tokens.size();
        double[][] score = new double[layers][positions];
        String[][] top = new String[layers][positions];
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < positions; p++) {
                List<TokenScore> best = p < lens.get(l).size() ? lens.get(l).get(p).top() : List.of();
                score[l][p] = best.isEmpty() ? Double.NaN : best.get(0).score();
                top[l][p] = best.isEmpty() ? null : vocabulary.readable(best.get(0).id());
            }
        }
        String title = "Logit lens (" + model + ")";
        ColorRamp scale = ColorRamp.sequential(Matrices.minFinite(score), Matrices.maxFinite(score));
        XYPlot plot = Charts.heatmap(score, Charts.symbolAxis("input token", tokens),
                Charts.symbolAxis("layer", Charts.indexed("L", layers)), scale,
                (l, p, v) -> new Marks.Mark("cell", Charts.data("layer", l, "position", p, "token", top[l][p], "value", v),
                        "L" + l + " at '" + tokens.get(p) + "': '" + top[l][p] + "' " + Charts.fixed(v)));
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < positions; p++) {
                if (top[l][p] == null) continue;
                XYTextAnnotation text = new XYTextAnnotation(shorten(top[l][p]), p, l);
                text.setFont(CELL);
                text.setPaint(scale.isDark(score[l][p]) ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(text);
            }
        }
        JFreeChart chart = Charts.chart(title, "each cell: the top token of the layer's residual stream at that position,"
                + " through the final norm and E", plot, false);
        chart.addSubtitle(Charts.scaleLegend(scale, "top score"));
        String svg = Svg.of("lens", chart, Math.max(560, 200 + 78 * positions), Math.max(300, 150 + 30 * layers));

        Csv csv = new Csv("layer", "position", "input", "top", "score");
        ObjectNode root = ResultJson.object().put("model", model);
        ArrayNode input = root.putArray("tokens");
        tokens.forEach(input::add);
        ArrayNode rows = root.putArray("layers");
        for (int l = 0; l < layers; l++) {
            ArrayNode cells = rows.addObject().put("layer", l).putArray("positions");
            for (int p = 0; p < positions; p++) {
                csv.row(l, p, tokens.get(p), top[l][p], score[l][p]);
                ObjectNode cell = cells.addObject().put("position", p).put("top", top[l][p]);
                ResultJson.put(cell, "score", score[l][p]);
            }
        }
        return new Figure("lens", title, svg, csv.toString(), ResultJson.text(root));
    }

    private static String shorten(String token) {
        return token.length() <= MAX_CHARS ? token : token.substring(0, MAX_CHARS - 1) + "\u2026";
    }
}
