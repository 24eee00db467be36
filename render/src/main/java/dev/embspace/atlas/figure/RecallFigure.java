package dev.embspace.atlas.figure;

import dev.embspace.engine.forward.recall.LayerRecall;
import dev.embspace.engine.forward.recall.RecallExperiment;
import dev.embspace.engine.forward.recall.RecallResult;
import dev.embspace.engine.forward.recall.RecallScore;
import dev.embspace.engine.model.VectorKind;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The paper's recall figure: per layer, the share of the hidden state's top-k tokens found among
 * the top-k tokens of the most activated parameter vectors, for each kind (solid), against the same
 * with another position's parameters (dashed); beside it the same against the last layer's hidden
 * state. Marks: {@code g.mark.point.real} and {@code g.mark.point.random}, with {@code data-panel}
 * ({@code layer} or {@code last}), {@code data-kind}, {@code data-layer}, {@code data-value}.
 */
public final class RecallFigure {

    /** The two panels: against the layer's own hidden state, and against the last layer's. */
    private record Panel(String name, String title, Function<LayerRecall, Map<VectorKind, RecallScore>> scores) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("layer", "against the layer's own hidden state", LayerRecall::againstLayer),
            new Panel("last", "against the last layer's hidden state", LayerRecall::againstLast));

    private RecallFigure() {
    }

    public static Figure of(RecallResult r) {
        return of(r, null);
    }

    /** @param model named in the title, when known */
    public static Figure of(RecallResult r, String model) {
        String title = "Recall of hidden-state tokens by active parameters" + (model == null ? "" : " (" + model + ")");
        return new Figure("recall", title, svg(r, title), csv(r), json(r, model));
    }

    private static String svg(RecallResult r, String title) {
        List<VectorKind> kinds = RecallExperiment.KINDS;
        NumberAxis recall = Charts.numberAxis("recall@" + r.k());
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(recall);
        plot.setGap(16);
        for (Panel panel : PANELS) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (VectorKind kind : kinds) {
                XYSeries real = new XYSeries(kind.label(), false, true);
                XYSeries random = new XYSeries(kind.label() + ", random", false, true);
                for (LayerRecall l : r.layers()) {
                    RecallScore s = panel.scores().apply(l).get(kind);
                    real.add(l.layer(), s == null ? Double.NaN : s.recall());
                    random.add(l.layer(), s == null ? Double.NaN : s.random());
                }
                data.addSeries(real);
                data.addSeries(random);
            }
            MarkedLineRenderer renderer = new MarkedLineRenderer(true, (series, item) -> {
                VectorKind kind = kinds.get(series / 2);
                boolean random = series % 2 == 1;
                LayerRecall l = r.layers().get(item);
                RecallScore s = panel.scores().apply(l).get(kind);
                double v = random ? s.random() : s.recall();
                return new Marks.Mark("point " + (random ? "random" : "real"),
                        Charts.data("panel", panel.name(), "kind", kind.label(), "layer", l.layer(), "value", v),
                        kind.label() + (random ? " (random)" : "") + ", layer " + l.layer() + ", " + panel.title() + ": "
                                + Charts.fixed(v));
            });
            for (int i = 0; i < kinds.size(); i++) {
                renderer.setSeriesPaint(2 * i, Charts.PALETTE[i]);
                renderer.setSeriesPaint(2 * i + 1, Charts.PALETTE[i]);
                renderer.setSeriesStroke(2 * i, new BasicStroke(1.8f));
                renderer.setSeriesStroke(2 * i + 1, Charts.dashed());
                renderer.setSeriesShape(2 * i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
                renderer.setSeriesShape(2 * i + 1, new java.awt.geom.Rectangle2D.Double(-2.5, -2.5, 5, 5));
                // one legend entry per kind and line style is enough: the second panel repeats them
                if (panel != PANELS.get(0)) {
                    renderer.setSeriesVisibleInLegend(2 * i, false);
                    renderer.setSeriesVisibleInLegend(2 * i + 1, false);
                }
            }
            NumberAxis layer = Charts.numberAxis("layer (" + panel.title() + ")");
            layer.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            XYPlot sub = new XYPlot(data, layer, null, renderer);
            sub.setDomainGridlinePaint(Charts.GRID);
            sub.setRangeGridlinePaint(Charts.GRID);
            sub.setBackgroundPaint(java.awt.Color.WHITE);
            plot.add(sub);
        }
        String subtitle = r.positions() + " positions; the top " + r.topUnits() + " active units' top-" + r.k()
                + " tokens; dashed: paired with another position's units";
        return Svg.of("recall", Charts.chart(title, subtitle, plot, true), 900, 460);
    }

    private static String csv(RecallResult r) {
        Csv csv = new Csv("against", "layer", "kind", "recall", "random");
        for (Panel panel : PANELS) {
            for (LayerRecall l : r.layers()) {
                for (VectorKind kind : RecallExperiment.KINDS) {
                    RecallScore s = panel.scores().apply(l).get(kind);
                    if (s != null) csv.row(panel.name(), l.layer(), kind.label(), s.recall(), s.random());
                }
            }
        }
        return csv.toString();
    }

    private static String json(RecallResult r, String model) {
        return ResultJson.text(ResultJson.recall(model, r));
    }
}
