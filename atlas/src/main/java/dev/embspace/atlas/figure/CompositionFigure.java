package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.circuits.CompositionScores;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

import java.util.ArrayList;
import java.util.List;

/**
 * Q-, K- and V-composition between every head and every head of a later layer, as three heatmaps
 * side by side (rows: the earlier head, columns: the later head, heads numbered layer by layer).
 * Only pairs from an earlier to a later layer are drawn. Marks: {@code g.mark.cell.q},
 * {@code g.mark.cell.k}, {@code g.mark.cell.v}, with {@code data-from}, {@code data-to}
 * ("L2H5") and {@code data-value}; one per defined score.
 */
public final class CompositionFigure {

    /** Composition kinds in the order they are drawn. */
    static final List<String> KINDS = List.of("q", "k", "v");

    private CompositionFigure() {
    }

    public static Figure of(CircuitScores scores) {
        String model = scores.model();
        CompositionScores.Scores s = scores.composition();
        String title = "Q/K/V composition between heads (" + model + ")";
        double[][][] matrices = {s.q(), s.k(), s.v()};
        ColorRamp scale = ColorRamp.fromZero(matrices);
        List<String> heads = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) for (int h = 0; h < s.heads(); h++) heads.add("L" + l + "H" + h);
        // tick labels only at each layer's first head, or the axis is unreadable
        List<String> ticks = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) ticks.add(i % s.heads() == 0 ? "L" + i / s.heads() : "");

        List<JFreeChart> charts = new ArrayList<>();
        for (int kind = 0; kind < KINDS.size(); kind++) {
            String name = KINDS.get(kind);
            XYPlot plot = Charts.heatmap(matrices[kind], Charts.symbolAxis("later head", ticks),
                    Charts.symbolAxis("earlier head", ticks), scale,
                    (from, to, v) -> new Marks.Mark("cell " + name,
                            Charts.data("from", heads.get(from), "to", heads.get(to), "value", v),
                            name.toUpperCase() + "-composition " + heads.get(from) + " -> " + heads.get(to) + ": " + Charts.fixed(v)));
            JFreeChart chart = Charts.chart(name.toUpperCase() + "-composition (" + model + ")",
                    "rows: the earlier head; columns: the later head", plot, false);
            if (kind == KINDS.size() - 1) chart.addSubtitle(Charts.scaleLegend(scale, "composition score"));
            charts.add(chart);
        }
        String svg = Svg.grid("composition", charts, 3, 420, 440);

        Csv csv = new Csv("kind", "from", "to", "score");
        for (int kind = 0; kind < KINDS.size(); kind++) {
            double[][] m = matrices[kind];
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m[i].length; j++) {
                    if (Double.isFinite(m[i][j])) csv.row(KINDS.get(kind), heads.get(i), heads.get(j), m[i][j]);
                }
            }
        }
        ObjectNode root = FigureJson.object("composition").put("model", model).put("heads_per_layer", s.heads())
                .put("index", "layer * heads_per_layer + head; null unless the source layer is earlier");
        root.set("q", FigureJson.matrix(s.q()));
        root.set("k", FigureJson.matrix(s.k()));
        root.set("v", FigureJson.matrix(s.v()));
        return new Figure("composition", title, svg, csv.toString(), FigureJson.text(root));
    }
}
