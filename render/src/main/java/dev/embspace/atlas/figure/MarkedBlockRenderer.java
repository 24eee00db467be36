package dev.embspace.atlas.figure;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * JFreeChart's heatmap renderer (one unit block per x, y, z item, centred on x, y) with each cell
 * drawn as a named mark. A cell is one filled rectangle: the stock renderer also strokes every
 * block's outline in its own colour to hide the seams between neighbours, which doubles a large
 * heatmap's SVG; here each block instead reaches half a pixel into its right and lower neighbours.
 */
final class MarkedBlockRenderer extends XYBlockRenderer {

    private static final double OVERLAP = 0.5;

    private final transient Marks.Namer namer;

    MarkedBlockRenderer(PaintScale scale, Marks.Namer namer) {
        this.namer = namer;
        setPaintScale(scale);
        setBlockWidth(1);
        setBlockHeight(1);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                         CrosshairState crosshairState, int pass) {
        double x = dataset.getXValue(series, item), y = dataset.getYValue(series, item);
        double z = ((XYZDataset) dataset).getZValue(series, item);
        RectangleEdge xEdge = plot.getDomainAxisEdge(), yEdge = plot.getRangeAxisEdge();
        double x0 = domainAxis.valueToJava2D(x - getBlockWidth() / 2, dataArea, xEdge);
        double x1 = domainAxis.valueToJava2D(x + getBlockWidth() / 2, dataArea, xEdge);
        double y0 = rangeAxis.valueToJava2D(y - getBlockHeight() / 2, dataArea, yEdge);
        double y1 = rangeAxis.valueToJava2D(y + getBlockHeight() / 2, dataArea, yEdge);
        Rectangle2D block = new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1),
                Math.abs(x1 - x0) + OVERLAP, Math.abs(y1 - y0) + OVERLAP);
        Marks.around(g2, namer, series, item, () -> {
            g2.setPaint(getPaintScale().getPaint(z));
            g2.fill(block);
        });
    }
}
