package dev.embspace.atlas.figure;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.CategoryDataset;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/** JFreeChart's bar renderer with each bar drawn as a named mark (series = dataset row, item = column). */
final class MarkedBarRenderer extends BarRenderer {

    private final transient Marks.Namer namer;

    MarkedBarRenderer(Marks.Namer namer) {
        this.namer = namer;
        setBarPainter(new StandardBarPainter());
        setShadowVisible(false);
        setDrawBarOutline(false);
        setItemMargin(0.05);
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                         CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        // one pass draws each bar (and its shadow, off here)
        if (dataset.getValue(row, column) == null) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            return;
        }
        Marks.around(g2, namer, row, column,
                () -> super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass));
    }
}
