package dev.embspace.atlas.figure;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * JFreeChart's line-and-shape renderer with each data point's shape drawn as a named mark. Lines
 * (when shown) are drawn in an earlier pass, unmarked, so a point is one mark however it is joined.
 */
final class MarkedLineRenderer extends XYLineAndShapeRenderer {

    private final transient Marks.Namer namer;

    MarkedLineRenderer(boolean lines, Marks.Namer namer) {
        super(lines, true);
        this.namer = namer;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                         CrosshairState crosshairState, int pass) {
        if (!isItemPass(pass) || Double.isNaN(dataset.getYValue(series, item))) {
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item, crosshairState, pass);
            return;
        }
        Marks.around(g2, namer, series, item, () -> super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis,
                dataset, series, item, crosshairState, pass));
    }
}
