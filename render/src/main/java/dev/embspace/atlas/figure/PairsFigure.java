package dev.embspace.atlas.figure;

import dev.embspace.engine.analysis.pairs.LayerOverlap;
import dev.embspace.engine.analysis.pairs.PairsResult;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.DefaultCategoryDataset;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The paper's related-pairs figure: per layer, the mean top-k overlap of related parameter pairs
 * (kv, vo, qk) as grouped bars, each beside the same vectors under a shuffled pairing (pale).
 * Marks: {@code g.mark.bar.related} and {@code g.mark.bar.shuffled}, with {@code data-layer} and
 * {@code data-relation}; layers x 3 of each.
 */
public final class PairsFigure {

    /** A relation, the accessors of its related and shuffled overlap. */
    private record Relation(String name, ToDoubleFunction<LayerOverlap> related, ToDoubleFunction<LayerOverlap> shuffled) {
    }

    private static final List<Relation> RELATIONS = List.of(
            new Relation("kv", LayerOverlap::kv, LayerOverlap::kvShuffled),
            new Relation("vo", LayerOverlap::vo, LayerOverlap::voShuffled),
            new Relation("qk", LayerOverlap::qk, LayerOverlap::qkShuffled));

    private PairsFigure() {
    }

    public static Figure of(PairsResult r) {
        String title = "Related pairs: top-" + r.k() + " overlap per layer (" + r.model() + ")";
        return new Figure("pairs", title, svg(r, title), csv(r), json(r));
    }

    private static String svg(PairsResult r, String title) {
        // series 2i: relation i related; 2i+1: relation i shuffled, so each layer's group reads kv kv' vo vo' qk qk'
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Relation rel : RELATIONS) {
            for (LayerOverlap l : r.layers()) {
                data.addValue(rel.related().applyAsDouble(l), rel.name(), "L" + l.layer());
                data.addValue(rel.shuffled().applyAsDouble(l), rel.name() + " shuffled", "L" + l.layer());
            }
        }
        MarkedBarRenderer renderer = new MarkedBarRenderer((series, item) -> {
            Relation rel = RELATIONS.get(series / 2);
            boolean shuffled = series % 2 == 1;
            LayerOverlap l = r.layers().get(item);
            double v = shuffled ? rel.shuffled().applyAsDouble(l) : rel.related().applyAsDouble(l);
            return new Marks.Mark("bar " + (shuffled ? "shuffled" : "related"),
                    Charts.data("layer", l.layer(), "relation", rel.name(), "value", v),
                    "layer " + l.layer() + ", " + rel.name() + (shuffled ? " shuffled" : "") + ": " + Charts.fixed(v));
        });
        for (int i = 0; i < RELATIONS.size(); i++) {
            renderer.setSeriesPaint(2 * i, Charts.PALETTE[i]);
            renderer.setSeriesPaint(2 * i + 1, Charts.pale(Charts.PALETTE[i]));
        }
        CategoryAxis layers = new CategoryAxis("layer");
        layers.setLabelFont(Charts.LABEL);
        layers.setTickLabelFont(Charts.TICK);
        layers.setCategoryMargin(0.2);
        CategoryPlot plot = new CategoryPlot(data, layers, Charts.numberAxis("mean top-" + r.k() + " Jaccard overlap"), renderer);
        plot.setRangeGridlinePaint(Charts.GRID);
        String subtitle = "kv: FF key with its value; vo: W_V with W_O; qk: W_Q with W_K (per head dimension); pale: shuffled pairing"
                + (r.foldLn() ? "; LayerNorm folded" : "");
        int width = Math.max(640, 140 + 110 * r.layers().size());
        return Svg.of("pairs", Charts.chart(title, subtitle, plot, true), width, 420);
    }

    private static String csv(PairsResult r) {
        Csv csv = new Csv("layer", "kv", "kv_shuffled", "vo", "vo_shuffled", "qk", "qk_shuffled");
        for (LayerOverlap l : r.layers()) {
            csv.row(l.layer(), l.kv(), l.kvShuffled(), l.vo(), l.voShuffled(), l.qk(), l.qkShuffled());
        }
        return csv.toString();
    }

    private static String json(PairsResult r) {
        return ResultJson.text(ResultJson.pairs(r.model(), r));
    }
}
