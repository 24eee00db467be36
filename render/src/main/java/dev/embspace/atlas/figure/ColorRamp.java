package dev.embspace.atlas.figure;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;

/**
 * A colour scale for heatmaps, interpolated linearly between a few stops: {@link #sequential} (viridis'
 * stops: dark to bright, readable in grey and by most colour-blind readers) for magnitudes,
 * {@link #diverging} (blue, white, red) for signed scores centred on 0. JFreeChart's own scales are
 * grey or hand-filled lookups.
 */
final class ColorRamp implements PaintScale {

    private static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
            new Color(0x5ec962), new Color(0xfde725)};
    private static final Color[] BLUE_WHITE_RED = {new Color(0x2166ac), new Color(0x92c5de), new Color(0xf7f7f7),
            new Color(0xf4a582), new Color(0xb2182b)};

    private final double lower;
    private final double upper;
    private final Color[] stops;

    private ColorRamp(double lower, double upper, Color[] stops) {
        this.lower = lower;
        // a constant matrix still needs a non-empty range to draw
        this.upper = upper > lower ? upper : lower + 1e-9;
        this.stops = stops;
    }

    static ColorRamp sequential(double lower, double upper) {
        return new ColorRamp(lower, upper, VIRIDIS);
    }

    static ColorRamp diverging(double limit) {
        double l = limit > 0 ? limit : 1;
        return new ColorRamp(-l, l, BLUE_WHITE_RED);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        double t = Math.clamp((value - lower) / (upper - lower), 0.0, 1.0);
        if (Double.isNaN(t)) return Color.LIGHT_GRAY;
        double scaled = t * (stops.length - 1);
        int i = Math.min((int) scaled, stops.length - 2);
        double f = scaled - i;
        Color a = stops[i], b = stops[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    /** Whether text drawn on {@code value}'s colour should be white rather than black. */
    boolean isDark(double value) {
        Color c = (Color) getPaint(value);
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue() < 140;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
