package dev.embspace.atlas.figure;

import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.circuits.CompositionScores;
import org.jfree.chart.JFreeChart;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code circuits} computes in one drawing: the copying heatmap ({@link CopyingFigure})
 * and the three composition heatmaps ({@link CompositionFigure}), two to a row, with the same marks.
 */
public final class CircuitsFigure {

    private CircuitsFigure() {
    }

    public static Figure of(CircuitScores s) {
        List<JFreeChart> charts = new ArrayList<>();
        charts.add(CopyingFigure.chart(s));
        charts.addAll(CompositionFigure.charts(s));
        String svg = Svg.grid("circuits", charts, 2, 560, 480);

        // one table for both: copying rows name the head in "from" and leave "to" empty
        Csv csv = new Csv("kind", "from", "to", "score");
        double[][] copying = s.copying();
        for (int l = 0; l < copying.length; l++) {
            for (int h = 0; h < copying[l].length; h++) csv.row("copying", "L" + l + "H" + h, "", copying[l][h]);
        }
        CompositionScores.Scores c = s.composition();
        CompositionFigure.rows(csv, c);

        return new Figure("circuits", "Copying and composition scores of every head (" + s.model() + ")", svg,
                csv.toString(), ResultJson.text(ResultJson.circuits(s.model(), s)));
    }
}
