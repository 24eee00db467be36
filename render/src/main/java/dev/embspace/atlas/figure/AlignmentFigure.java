package dev.embspace.atlas.figure;

import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.KindAlignment;
import dev.embspace.engine.model.VectorKind;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's alignment figure: for one parameter kind, the mean |correlation| between layer i of A
 * (rows) and layer j of B (columns) as a heatmap, the Hungarian matching outlined on it, and the
 * raw feature-space baseline beside it when it was computed. Marks: {@code g.mark.cell.embedding},
 * {@code g.mark.cell.raw} (one per layer pair) and {@code g.mark.match.embedding},
 * {@code g.mark.match.raw} (one per matched layer of A), with {@code data-kind}, {@code data-a},
 * {@code data-b} and {@code data-value}.
 */
public final class AlignmentFigure {

    private static final int CELL_WIDTH = 440;
    private static final int CELL_HEIGHT = 400;

    private AlignmentFigure() {
    }

    /** One kind: the embedding-space heatmap, and the raw baseline beside it when present. */
    public static Figure of(AlignResult r, VectorKind kind) {
        KindAlignment k = r.kinds().stream().filter(a -> a.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the alignment has no " + kind.label()));
        String name = "align-" + kind.label();
        String svg = Svg.grid(name, charts(r, k), 2, CELL_WIDTH, CELL_HEIGHT);
        return new Figure(name, title(r, kind.label()), svg, csv(List.of(k)), json(r, List.of(k)));
    }

    /** Every kind of the result, one row each (embedding space, then the raw baseline when present). */
    public static Figure of(AlignResult r) {
        List<JFreeChart> charts = new ArrayList<>();
        boolean raw = r.kinds().stream().anyMatch(k -> k.rawMatrix() != null);
        for (KindAlignment k : r.kinds()) {
            List<JFreeChart> row = charts(r, k);
            charts.addAll(row);
            // keep each kind on its own row when some kinds have a baseline and others not
            if (raw && row.size() == 1) charts.add(blank());
        }
        String svg = Svg.grid("align", charts, raw ? 2 : Math.min(3, charts.size()), CELL_WIDTH, CELL_HEIGHT);
        return new Figure("align", title(r, "every kind"), svg, csv(r.kinds()), json(r, r.kinds()));
    }

    private static String title(AlignResult r, String what) {
        return "Alignment of " + r.modelA() + " with " + r.modelB() + ": " + what;
    }

    private static List<JFreeChart> charts(AlignResult r, KindAlignment k) {
        List<JFreeChart> charts = new ArrayList<>();
        charts.add(heatmap(r, k, "embedding", k.matrix(), k.matching(), k.kind().label() + ": mean |corr| in embedding space"));
        if (k.rawMatrix() != null) {
            charts.add(heatmap(r, k, "raw", k.rawMatrix(), k.rawMatching(), k.kind().label() + ": raw feature space (baseline)"));
        }
        return charts;
    }

    private static JFreeChart heatmap(AlignResult r, KindAlignment k, String space, double[][] m, List<Integer> matching,
                                      String title) {
        String kind = k.kind().label();
        // from the smallest to the largest mean: the contrast between layer pairs is the point
        ColorRamp scale = ColorRamp.sequential(Matrices.minFinite(m), Matrices.maxFinite(m));
        int columns = m.length == 0 ? 0 : m[0].length;
        XYPlot plot = Charts.heatmap(m, Charts.symbolAxis("layer of " + r.modelB(), Charts.indexed("", columns)),
                Charts.symbolAxis("layer of " + r.modelA(), Charts.indexed("", m.length)), scale,
                (a, b, v) -> new Marks.Mark("cell " + space, Charts.data("kind", kind, "a", a, "b", b, "value", v),
                        kind + " (" + space + ") A" + a + " B" + b + ": " + Charts.fixed(v)));

        XYSeries matched = new XYSeries("Hungarian matching", false, true);
        List<double[]> pairs = new ArrayList<>();
        for (int a = 0; a < matching.size(); a++) {
            Integer b = matching.get(a);
            if (b == null) continue;
            matched.add(b.doubleValue(), a);
            pairs.add(new double[]{a, b, m[a][b]});
        }
        MarkedLineRenderer outline = new MarkedLineRenderer(false, (series, item) -> {
            double[] p = pairs.get(item);
            return new Marks.Mark("match " + space, Charts.data("kind", kind, "a", (int) p[0], "b", (int) p[1], "value", p[2]),
                    kind + " (" + space + ") matched A" + (int) p[0] + " -> B" + (int) p[1]);
        });
        outline.setSeriesShapesFilled(0, false);
        outline.setUseOutlinePaint(false);
        outline.setSeriesPaint(0, Color.RED);
        outline.setSeriesOutlineStroke(0, new BasicStroke(2f));
        // a square a little inside the cell (cells are about 30+ px at 12 layers)
        outline.setSeriesShape(0, new Rectangle2D.Double(-9, -9, 18, 18));
        plot.setDataset(1, new XYSeriesCollection(matched));
        plot.setRenderer(1, outline);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        JFreeChart chart = Charts.chart(title, "red squares: Hungarian matching of " + r.modelA() + "'s layers", plot, false);
        chart.getTitle().setFont(Charts.SUBTITLE.deriveFont(java.awt.Font.BOLD, 13f));
        chart.addSubtitle(Charts.scaleLegend(scale, "mean |corr|"));
        return chart;
    }

    /** An empty cell of the grid. */
    private static JFreeChart blank() {
        XYPlot plot = new XYPlot();
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String csv(List<KindAlignment> kinds) {
        Csv csv = new Csv("kind", "space", "layer_a", "layer_b", "mean_abs_corr", "matched");
        for (KindAlignment k : kinds) {
            rows(csv, k.kind().label(), "embedding", k.matrix(), k.matching());
            if (k.rawMatrix() != null) rows(csv, k.kind().label(), "raw", k.rawMatrix(), k.rawMatching());
        }
        return csv.toString();
    }

    private static void rows(Csv csv, String kind, String space, double[][] m, List<Integer> matching) {
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m[a].length; b++) {
                Integer match = a < matching.size() ? matching.get(a) : null;
                csv.row(kind, space, a, b, m[a][b], match != null && match == b);
            }
        }
    }

    private static String json(AlignResult r, List<KindAlignment> kinds) {
        return ResultJson.text(ResultJson.align(r.modelA(), r.modelB(), r, kinds));
    }
}
