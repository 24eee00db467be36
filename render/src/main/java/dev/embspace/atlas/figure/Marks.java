package dev.embspace.atlas.figure;

import java.awt.Graphics2D;
import java.util.Map;

/**
 * Names the data marks of a figure in its SVG: each bar, heatmap cell or curve point is drawn inside
 * a {@code <g class="mark KIND" data-...>} group with a {@code <title>} for the hover text, so that
 * tests and the site's scripts can count and read marks without knowing JFreeChart's drawing order.
 * The groups are made by {@link MarkingSvgGraphics}; on any other Graphics2D the marks are ignored.
 */
final class Marks {

    /** The class attribute every mark group carries; a CSS selector {@code g.mark} finds them all. */
    static final String CLASS = "mark";

    /** What one data mark is: its kind (a second class, such as {@code bar related}), data attributes, hover text. */
    record Mark(String kind, Map<String, String> data, String title) {
    }

    /** Names the mark of item {@code item} of series {@code series}; null draws the item unmarked. */
    @FunctionalInterface
    interface Namer {
        Mark of(int series, int item);
    }

    private Marks() {
    }

    /** Draws one item inside its mark group, if it has one. */
    static void around(Graphics2D g2, Namer namer, int series, int item, Runnable draw) {
        Mark mark = namer.of(series, item);
        if (mark == null) {
            draw.run();
            return;
        }
        begin(g2, mark.kind(), mark.data(), mark.title());
        try {
            draw.run();
        } finally {
            end(g2);
        }
    }

    /** Opens a mark group; {@code data} becomes {@code data-NAME} attributes, {@code title} the hover text. */
    static void begin(Graphics2D g2, String kind, Map<String, String> data, String title) {
        if (g2 instanceof MarkingSvgGraphics svg) svg.beginMark(CLASS + " " + kind, data, title);
    }

    static void end(Graphics2D g2) {
        if (g2 instanceof MarkingSvgGraphics svg) svg.endMark();
    }
}
