package dev.embspace.atlas.figure;

import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/** Draws JFreeChart charts onto a JFreeSVG canvas and returns the standalone SVG document. */
final class Svg {

    private Svg() {
    }

    /** One chart filling a {@code width} x {@code height} canvas. */
    static String of(String name, JFreeChart chart, int width, int height) {
        return grid(name, List.of(chart), 1, width, height);
    }

    /**
     * Several charts on one canvas, row by row, {@code columns} to a row, each in a cell of
     * {@code cellWidth} x {@code cellHeight}.
     *
     * @param name prefixes the ids of the document's clip paths and gradients, so that several
     *             figures can be inlined in one HTML page without their ids colliding
     */
    static String grid(String name, List<JFreeChart> charts, int columns, int cellWidth, int cellHeight) {
        int rows = (charts.size() + columns - 1) / columns;
        int width = columns * cellWidth, height = rows * cellHeight;
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(name.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        // two decimals of a pixel are invisible, and keep heatmaps of thousands of cells small
        g2.setGeomDoubleConverter(Svg::twoDecimals);
        g2.setTransformDoubleConverter(Svg::twoDecimals);
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g2, new Rectangle2D.Double((i % columns) * cellWidth, (i / columns) * cellHeight,
                    cellWidth, cellHeight));
        }
        String element = g2.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element + "\n";
    }

    private static String twoDecimals(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.2f", v);
        // trailing zeros carry nothing
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
