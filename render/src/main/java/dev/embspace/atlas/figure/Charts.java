package dev.embspace.atlas.figure;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The house style of the figures and the heatmap every matrix figure shares. */
final class Charts {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final Color GRID = new Color(0xdddddd);

    /** One hue per kind of thing compared (kv / vo / qk, families, recall kinds, translations). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b)};

    private Charts() {
    }

    /** A chart in the house style: white, titled, with a subtitle saying what was measured. */
    static JFreeChart chart(String title, String subtitle, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 6));
        if (subtitle != null) {
            TextTitle t = new TextTitle(subtitle, SUBTITLE);
            t.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(t);
        }
        if (legend) chart.getLegend().setItemFont(LABEL);
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** A light, lighter-for-the-baseline version of a hue. */
    static Color pale(Color c) {
        return new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3);
    }

    static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f);
    }

    static NumberAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        return axis;
    }

    /** An axis with one named tick per index ("L0", "L1", ... or the tokens of a text). */
    static SymbolAxis symbolAxis(String label, List<String> symbols) {
        SymbolAxis axis = new SymbolAxis(label, symbols.toArray(String[]::new));
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        axis.setGridBandsVisible(false);
        return axis;
    }

    static List<String> indexed(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(prefix + i);
        return out;
    }

    /** Names one heatmap cell: its row, column and value. */
    @FunctionalInterface
    interface CellNamer {
        Marks.Mark of(int row, int column, double value);
    }

    /**
     * A heatmap of {@code z[row][column]}, row 0 at the top, one block per finite value (undefined
     * entries are left blank and are not marks).
     */
    static XYPlot heatmap(double[][] z, SymbolAxis columns, SymbolAxis rows, PaintScale scale, CellNamer namer) {
        List<double[]> cells = new ArrayList<>();
        for (int r = 0; r < z.length; r++) {
            for (int c = 0; c < z[r].length; c++) {
                if (Double.isFinite(z[r][c])) cells.add(new double[]{c, r, z[r][c]});
            }
        }
        double[][] xyz = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            for (int j = 0; j < 3; j++) xyz[j][i] = cells.get(i)[j];
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("cells", xyz);
        MarkedBlockRenderer renderer = new MarkedBlockRenderer(scale, (series, item) -> namer.of(
                (int) xyz[1][item], (int) xyz[0][item], xyz[2][item]));
        rows.setInverted(true);
        columns.setRange(-0.5, (z.length == 0 ? 0 : z[0].length) - 0.5);
        rows.setRange(-0.5, z.length - 0.5);
        XYPlot plot = new XYPlot(data, columns, rows, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setRangeAxisLocation(AxisLocation.TOP_OR_LEFT);
        return plot;
    }

    /** The colour bar of a heatmap, on the right. */
    static PaintScaleLegend scaleLegend(PaintScale scale, String label) {
        NumberAxis axis = numberAxis(label);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setAxisOffset(4);
        legend.setMargin(new RectangleInsets(40, 8, 40, 4));
        legend.setSubdivisionCount(32);
        return legend;
    }

    static Map<String, String> data(Object... nameValues) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) out.put(nameValues[i].toString(), String.valueOf(nameValues[i + 1]));
        return out;
    }

    static String fixed(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : "n/a";
    }
}
