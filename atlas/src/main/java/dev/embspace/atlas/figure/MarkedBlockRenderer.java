package dev.embspace.atlas.figure;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.XYDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/** JFreeChart's heatmap renderer (one block per x, y, z item) with each cell drawn as a named mark. */
final class MarkedBlockRenderer extends XYBlockRenderer {

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
        Marks.around(g2, namer, series, item, () -> super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis,
                dataset, series, item, crosshairState, pass));
    }
}
