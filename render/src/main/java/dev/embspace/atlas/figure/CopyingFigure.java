package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/**
 * Each head's OV copying score as a layer x head heatmap on a diverging scale (red: the head raises
 * the logit of the token it attends to; blue: lowers it). Marks: {@code g.mark.cell.copying}, with
 * {@code data-layer}, {@code data-head}, {@code data-value}; one per head.
 */
public final class CopyingFigure {

    private CopyingFigure() {
    }

    public static Figure of(CircuitScores s) {
        double[][] copying = s.copying();
        int heads = copying.length == 0 ? 0 : copying[0].length;
        String svg = Svg.of("copying", chart(s), Math.max(520, 160 + 40 * heads), Math.max(300, 140 + 36 * copying.length));
        Csv csv = new Csv("layer", "head", "copying");
        for (int l = 0; l < copying.length; l++) {
            for (int h = 0; h < copying[l].length; h++) csv.row(l, h, copying[l][h]);
        }
        ObjectNode root = ResultJson.object().put("model", s.model()).put("fold_ln", s.foldLn())
                .put("convention", s.convention());
        root.set("copying", ResultJson.matrix(copying));
        return new Figure("copying", title(s), svg, csv.toString(), ResultJson.text(root));
    }

    static String title(CircuitScores s) {
        return "OV copying score per head (" + s.model() + ")";
    }

    static JFreeChart chart(CircuitScores s) {
        double[][] copying = s.copying();
        int heads = copying.length == 0 ? 0 : copying[0].length;
        ColorRamp scale = ColorRamp.diverging(1);
        XYPlot plot = Charts.heatmap(copying, Charts.symbolAxis("head", Charts.indexed("H", heads)),
                Charts.symbolAxis("layer", Charts.indexed("L", copying.length)), scale,
                (layer, head, v) -> new Marks.Mark("cell copying", Charts.data("layer", layer, "head", head, "value", v),
                        "L" + layer + " H" + head + ": " + Charts.fixed(v)));
        JFreeChart chart = Charts.chart(title(s), "sum(Re lambda) / sum(|lambda|) over the eigenvalues of W_E W_V W_O W_U"
                + (s.foldLn() ? "; LayerNorm folded" : ""), plot, false);
        chart.addSubtitle(Charts.scaleLegend(scale, "copying score"));
        return chart;
    }
}
