package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.translate.StitchedFeatures;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The paper's stitching curve: the donor's probe head read on the host's first n blocks, translated
 * into the donor's space and continued with the donor's blocks, for every n; horizontal lines give
 * the donor's own accuracy, a probe trained on the host and chance. Marks: {@code g.mark.point},
 * with {@code data-translation}, {@code data-host-layers}, {@code data-donor-from} and
 * {@code data-value}; one per cut and translation.
 */
public final class StitchSweepFigure {

    /**
     * A sweep as {@code stitch --sweep} measures it.
     *
     * @param cuts     the host blocks run and the donor block continued from, one per point
     * @param accuracy per cut, the stitched accuracy by translation ({@code pinv}, {@code transpose}, ...)
     * @param hostProbeAccuracy null when no host training data was given
     */
    public record Sweep(String donor, String host, List<StitchedFeatures.Cut> cuts, List<Map<String, Double>> accuracy,
                        double donorAccuracy, Double hostProbeAccuracy, double chance) {

        public Sweep {
            if (cuts.size() != accuracy.size()) {
                throw new IllegalArgumentException(cuts.size() + " cuts but " + accuracy.size() + " accuracies");
            }
            cuts = List.copyOf(cuts);
            accuracy = List.copyOf(accuracy);
        }

        List<String> translations() {
            return accuracy.isEmpty() ? List.of() : List.copyOf(accuracy.get(0).keySet());
        }
    }

    private StitchSweepFigure() {
    }

    public static Figure of(Sweep s) {
        String title = "Zero-shot stitching: " + s.donor() + "'s head on " + s.host();
        List<String> translations = s.translations();
        XYSeriesCollection data = new XYSeriesCollection();
        for (String t : translations) {
            XYSeries series = new XYSeries("stitched, " + t, false, true);
            for (int c = 0; c < s.cuts().size(); c++) series.add(s.cuts().get(c).hostBlocks(), s.accuracy().get(c).get(t));
            data.addSeries(series);
        }
        MarkedLineRenderer renderer = new MarkedLineRenderer(true, (series, item) -> {
            String t = translations.get(series);
            StitchedFeatures.Cut cut = s.cuts().get(item);
            double v = s.accuracy().get(item).get(t);
            return new Marks.Mark("point", Charts.data("translation", t, "host-layers", cut.hostBlocks(),
                    "donor-from", cut.donorFrom(), "value", v),
                    t + ": host blocks 0-" + (cut.hostBlocks() - 1) + ", donor from " + cut.donorFrom() + ": " + Charts.fixed(v));
        });
        for (int i = 0; i < translations.size(); i++) {
            renderer.setSeriesPaint(i, Charts.PALETTE[i % Charts.PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        NumberAxis n = Charts.numberAxis("host blocks run before translating (n)");
        n.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis accuracy = Charts.numberAxis("accuracy");
        accuracy.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, n, accuracy, renderer);
        plot.setDomainGridlinePaint(Charts.GRID);
        plot.setRangeGridlinePaint(Charts.GRID);
        plot.addRangeMarker(line(s.donorAccuracy(), "donor " + Charts.fixed(s.donorAccuracy()), new Color(0x333333)), Layer.FOREGROUND);
        if (s.hostProbeAccuracy() != null) {
            plot.addRangeMarker(line(s.hostProbeAccuracy(), "host probe " + Charts.fixed(s.hostProbeAccuracy()),
                    new Color(0x2ca02c)), Layer.FOREGROUND);
        }
        plot.addRangeMarker(line(s.chance(), "chance " + Charts.fixed(s.chance()), new Color(0x999999)), Layer.FOREGROUND);
        // the lines must be inside the range even when every stitched point is above them
        double low = Math.min(s.chance(), s.donorAccuracy());
        if (s.hostProbeAccuracy() != null) low = Math.min(low, s.hostProbeAccuracy());
        accuracy.setAutoRange(false);
        accuracy.setRange(Math.max(0, Math.min(low, minimum(s)) - 0.05), 1.0);
        String subtitle = "host " + s.host() + "'s first n blocks, translated by E_A^+ E_B, then " + s.donor()
                + "'s blocks and head";
        String svg = Svg.of("stitch", Charts.chart(title, subtitle, plot, true), 760, 440);

        Csv csv = new Csv("host_layers", "donor_from_layer", "translation", "accuracy");
        ObjectNode root = ResultJson.object().put("donor", s.donor()).put("host", s.host())
                .put("donor_accuracy", s.donorAccuracy());
        ResultJson.put(root, "host_probe_accuracy", s.hostProbeAccuracy());
        root.put("chance", s.chance());
        ArrayNode sweep = root.putArray("sweep");
        for (int c = 0; c < s.cuts().size(); c++) {
            StitchedFeatures.Cut cut = s.cuts().get(c);
            ObjectNode point = sweep.addObject().put("host_layers", cut.hostBlocks()).put("donor_from_layer", cut.donorFrom());
            ObjectNode acc = point.putObject("accuracy");
            for (var e : s.accuracy().get(c).entrySet()) {
                acc.put(e.getKey(), e.getValue());
                csv.row(cut.hostBlocks(), cut.donorFrom(), e.getKey(), e.getValue());
            }
        }
        return new Figure("stitch", title, svg, csv.toString(), ResultJson.text(root));
    }

    private static ValueMarker line(double value, String label, Color color) {
        ValueMarker marker = new ValueMarker(value, color, Charts.dashed());
        marker.setLabel(label);
        marker.setLabelFont(Charts.TICK);
        marker.setLabelPaint(color);
        // the label just under its line, on the plot's own background (lines near 1.0 would lose a label above them)
        marker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        return marker;
    }

    private static double minimum(Sweep s) {
        List<Double> all = new ArrayList<>();
        s.accuracy().forEach(m -> all.addAll(m.values()));
        return all.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }
}
