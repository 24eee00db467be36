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
        String svg = Svg.grid("composition", charts(scores), 3, 420, 440);
        Csv csv = new Csv("kind", "from", "to", "score");
        rows(csv, s);
        ObjectNode root = ResultJson.object().put("model", model);
        ResultJson.composition(root, s);
        return new Figure("composition", "Q/K/V composition between heads (" + model + ")", svg, csv.toString(),
                ResultJson.text(root));
    }

    /**
     * One heatmap per kind, Q, K, V, the last with the colour bar. Rows are the heads of every layer
     * but the last (which has no later layer to compose with), columns those of every layer but the first.
     */
    static List<JFreeChart> charts(CircuitScores scores) {
        String model = scores.model();
        CompositionScores.Scores s = scores.composition();
        double[][][] matrices = matrices(s);
        // one strong pair would wash out the rest: the scale stops at the 99th percentile
        ColorRamp scale = ColorRamp.sequential(0, Matrices.percentileFinite(0.99, matrices));
        List<String> heads = heads(s);
        int h = s.heads(), n = heads.size();
        List<String> rowTicks = ticks(s, 0, n - h), columnTicks = ticks(s, h, n);

        List<JFreeChart> charts = new ArrayList<>();
        for (int kind = 0; kind < KINDS.size(); kind++) {
            String name = KINDS.get(kind);
            double[][] shown = Matrices.block(matrices[kind], 0, n - h, h, n);
            XYPlot plot = Charts.heatmap(shown, Charts.symbolAxis("later head", columnTicks),
                    Charts.symbolAxis("earlier head", rowTicks), scale,
                    (row, column, v) -> {
                        String from = heads.get(row), to = heads.get(column + h);
                        return new Marks.Mark("cell " + name, Charts.data("from", from, "to", to, "value", v),
                                name.toUpperCase() + "-composition " + from + " -> " + to + ": " + Charts.fixed(v));
                    });
            JFreeChart chart = Charts.chart(name.toUpperCase() + "-composition (" + model + ")",
                    "rows: the earlier head; columns: the later head", plot, false);
            if (kind == KINDS.size() - 1) chart.addSubtitle(Charts.scaleLegend(scale, "composition (capped at p99)"));
            charts.add(chart);
        }
        return charts;
    }

    /** Tick labels for heads {@code from} to {@code to}: the layer at each layer's first head, or the axis is unreadable. */
    private static List<String> ticks(CompositionScores.Scores s, int from, int to) {
        List<String> ticks = new ArrayList<>();
        for (int i = from; i < to; i++) ticks.add(i % s.heads() == 0 ? "L" + i / s.heads() : "");
        return ticks;
    }

    /** Every defined score as a CSV row: kind, earlier head, later head, score. */
    static void rows(Csv csv, CompositionScores.Scores s) {
        double[][][] matrices = matrices(s);
        List<String> heads = heads(s);
        for (int kind = 0; kind < KINDS.size(); kind++) {
            double[][] m = matrices[kind];
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m[i].length; j++) {
                    if (Double.isFinite(m[i][j])) csv.row(KINDS.get(kind), heads.get(i), heads.get(j), m[i][j]);
                }
            }
        }
    }

    private static double[][][] matrices(CompositionScores.Scores s) {
        return new double[][][]{s.q(), s.k(), s.v()};
    }

    /** Head names, L{layer}H{head}, in the scores' index order. */
    private static List<String> heads(CompositionScores.Scores s) {
        List<String> heads = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) for (int h = 0; h < s.heads(); h++) heads.add("L" + l + "H" + h);
        return heads;
    }
}
