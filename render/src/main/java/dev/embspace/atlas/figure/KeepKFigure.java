package dev.embspace.atlas.figure;

import dev.embspace.engine.analysis.keepk.KeepKCurve;
import dev.embspace.engine.analysis.keepk.KeepKResult;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;

/**
 * The paper's keep-k figure: for each vector family, how well X X^T survives keeping only the k
 * largest vocabulary scores, reading through E^T (solid) versus the pseudo-inverse E^+ (dashed), k on
 * a log axis. Marks: {@code g.mark.point.transpose} and {@code g.mark.point.pseudo-inverse}, with
 * {@code data-family}, {@code data-k}, {@code data-value}; families x grid points of each.
 */
public final class KeepKFigure {

    private KeepKFigure() {
    }

    public static Figure of(KeepKResult r) {
        String title = "Keep-k: E^T versus E^+ as the reading map (" + r.model() + ")";
        return new Figure("keepk", title, svg(r, title), csv(r), json(r));
    }

    private static String svg(KeepKResult r, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (KeepKCurve c : r.curves()) {
            data.addSeries(series(c.family().label() + ", E^T", r.k(), c.transpose()));
            data.addSeries(series(c.family().label() + ", E^+", r.k(), c.pseudoInverse()));
        }
        MarkedLineRenderer renderer = new MarkedLineRenderer(true, (series, item) -> {
            KeepKCurve c = r.curves().get(series / 2);
            boolean pinv = series % 2 == 1;
            double v = (pinv ? c.pseudoInverse() : c.transpose())[item];
            return new Marks.Mark("point " + (pinv ? "pseudo-inverse" : "transpose"),
                    Charts.data("family", c.family().label(), "k", r.k()[item], "value", v),
                    c.family().label() + (pinv ? ", E^+" : ", E^T") + ", k = " + r.k()[item] + ": " + Charts.fixed(v));
        });
        for (int i = 0; i < r.curves().size(); i++) {
            var color = Charts.PALETTE[i % Charts.PALETTE.length];
            renderer.setSeriesPaint(2 * i, color);
            renderer.setSeriesPaint(2 * i + 1, color);
            renderer.setSeriesStroke(2 * i, new BasicStroke(1.8f));
            renderer.setSeriesStroke(2 * i + 1, Charts.dashed());
            renderer.setSeriesShape(2 * i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
            renderer.setSeriesShape(2 * i + 1, new java.awt.geom.Rectangle2D.Double(-3, -3, 6, 6));
        }
        LogAxis k = new LogAxis("k (tokens kept of " + r.vocabularySize() + ")");
        k.setLabelFont(Charts.LABEL);
        k.setTickLabelFont(Charts.TICK);
        k.setBase(10);
        k.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        NumberAxis cosine = Charts.numberAxis("cosine(X X^T, keep-k reconstruction)");
        cosine.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, k, cosine, renderer);
        plot.setDomainGridlinePaint(Charts.GRID);
        plot.setRangeGridlinePaint(Charts.GRID);
        String subtitle = "solid: E^T reads the vector; dashed: the pseudo-inverse E^+ (seed " + r.seed() + ")";
        return Svg.of("keepk", Charts.chart(title, subtitle, plot, true), 760, 460);
    }

    private static XYSeries series(String name, int[] k, double[] values) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < k.length; i++) s.add(k[i], Double.isFinite(values[i]) ? values[i] : Double.NaN);
        return s;
    }

    private static String csv(KeepKResult r) {
        Csv csv = new Csv("family", "samples", "k", "transpose", "pseudo_inverse");
        for (KeepKCurve c : r.curves()) {
            for (int i = 0; i < r.k().length; i++) {
                csv.row(c.family().label(), c.samples(), r.k()[i], c.transpose()[i], c.pseudoInverse()[i]);
            }
        }
        return csv.toString();
    }

    private static String json(KeepKResult r) {
        return ResultJson.text(ResultJson.keepk(r.model(), r));
    }
}
