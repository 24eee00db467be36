package dev.embspace.atlas.site;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import dev.embspace.atlas.AtlasOptions;
import dev.embspace.atlas.site.HeadStage.HeadPairs;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.circuits.CompositionScores;
import dev.embspace.engine.project.TokenPair;
import dev.embspace.engine.project.TopK;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.engine.vocab.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The site's HTML pages, rendered from Mustache templates (resources under {@code templates/}).
 * Pages whose content is small and fixed (overview, heads) are rendered here in full; the layer,
 * unit and search pages are shells whose scripts read the data files.
 */
public final class Pages {

    /** A figure of the site (its files are figures/NAME.svg, .csv, .json). */
    public record FigureLink(String name, String title) {
    }

    /** Strongest later heads listed per composition kind on a head page. */
    private static final int COMPOSITION_TOP = 10;

    private final MustacheFactory mustache = new DefaultMustacheFactory("dev/embspace/atlas/templates");
    private final Path site;
    private final Map<String, Object> common = new HashMap<>();

    public Pages(Path site, ModelCard card, AtlasOptions options) {
        this.site = site;
        common.put("model", card.ref());
        common.put("embedding", card.embedding());
        common.put("k", options.k());
        common.put("firstLayer", options.firstLayer());
        common.put("lastLayer", options.lastLayer());
    }

    public void index(ModelCard card, AtlasOptions options, UnitCodes codes, CircuitScores circuits, List<FigureLink> figures) {
        Map<String, Object> scope = scope("Overview");
        scope.put("card", card);
        scope.put("parameters", String.format(Locale.ROOT, "%,d", card.parameters()));
        if (options.corpus() != null) scope.put("corpus", options.corpus().getFileName().toString());
        if (options.compare() != null) scope.put("compare", options.compare());
        String kinds = String.join(", ", codes.labels());
        scope.put("layers", IntStream.rangeClosed(options.firstLayer(), options.lastLayer())
                .mapToObj(l -> Map.of("layer", l, "units", codes.units(), "kinds", kinds)).toList());
        scope.put("headNumbers", IntStream.range(0, card.heads()).boxed().toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int l = options.firstLayer(); l <= options.lastLayer(); l++) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int h = 0; h < card.heads(); h++) {
                double c = circuits.copying()[l][h];
                cells.add(Map.of("layer", l, "head", h, "copying", fixed(c, 2), "color", divergingColor(c)));
            }
            rows.add(Map.of("layer", l, "cells", cells));
        }
        scope.put("headRows", rows);
        scope.put("figures", figures);
        render("index", "index.html", scope);
        Map<String, Object> page = scope("Figures");
        page.put("figures", figures);
        render("figures", "figures.html", page);
    }

    public void layer(int layer, AtlasOptions options, UnitCodes codes) {
        Map<String, Object> scope = scope("Layer " + layer);
        scope.put("tables", true);
        scope.put("layer", layer);
        scope.put("units", codes.units());
        scope.put("kinds", codes.labels());
        if (layer > options.firstLayer()) scope.put("prev", layer - 1);
        if (layer < options.lastLayer()) scope.put("next", layer + 1);
        render("layer", "layer-" + layer + ".html", scope);
    }

    public void heads(List<HeadPairs> heads, CircuitScores circuits, Vocabulary vocabulary) {
        for (int i = 0; i < heads.size(); i++) {
            HeadPairs h = heads.get(i);
            Map<String, Object> scope = scope("Layer " + h.layer() + " head " + h.head());
            scope.put("layer", h.layer());
            scope.put("head", h.head());
            scope.put("copying", fixed(circuits.copying()[h.layer()][h.head()], 4));
            scope.put("ov", pairs(h.ov(), vocabulary));
            scope.put("qk", pairs(h.qk(), vocabulary));
            scope.put("compositionTop", COMPOSITION_TOP);
            scope.put("composition", composition(circuits.composition(), h.layer(), h.head()));
            if (i > 0) {
                scope.put("prev", true);
                scope.put("prevLayer", heads.get(i - 1).layer());
                scope.put("prevHead", heads.get(i - 1).head());
            }
            if (i + 1 < heads.size()) {
                scope.put("next", true);
                scope.put("nextLayer", heads.get(i + 1).layer());
                scope.put("nextHead", heads.get(i + 1).head());
            }
            render("head", "head-" + h.layer() + "-" + h.head() + ".html", scope);
        }
    }

    public void unitAndSearch(String tokenizerKind) {
        render("unit", "unit.html", scope("FF unit"));
        Map<String, Object> scope = scope("Token search");
        scope.put("tokenizerKind", tokenizerKind);
        render("search", "search.html", scope);
    }

    private static List<Map<String, Object>> pairs(List<TokenPair> pairs, Vocabulary vocabulary) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < pairs.size(); r++) {
            TokenPair p = pairs.get(r);
            rows.add(Map.of("rank", r + 1, "from", p.from(), "to", p.to(),
                    "fromText", shown(vocabulary.readable(p.from())), "toText", shown(vocabulary.readable(p.to())),
                    "fromQuery", "id=" + p.from(), "toQuery", "id=" + p.to(), "score", fixed(p.score(), 4)));
        }
        return rows;
    }

    /** The later heads this head's output feeds most, per kind (q, k, v). */
    private static List<Map<String, Object>> composition(CompositionScores.Scores s, int layer, int head) {
        int from = layer * s.heads() + head;
        List<Map<String, Object>> kinds = new ArrayList<>();
        String[] names = {"Q", "K", "V"};
        double[][][] matrices = {s.q(), s.k(), s.v()};
        for (int kind = 0; kind < 3; kind++) {
            TopK best = new TopK(COMPOSITION_TOP);
            double[] row = matrices[kind][from];
            for (int to = 0; to < row.length; to++) if (Double.isFinite(row[to])) best.offer(to, (float) row[to]);
            if (best.size() == 0) continue;
            List<Map<String, Object>> heads = new ArrayList<>();
            for (TokenScore t : best.result()) {
                heads.add(Map.of("layer", t.id() / s.heads(), "head", t.id() % s.heads(), "score", fixed(t.score(), 4)));
            }
            kinds.add(Map.of("kind", names[kind], "heads", heads));
        }
        return kinds;
    }

    /** A token as a person reads it, quoted so leading spaces show. */
    static String shown(String readable) {
        StringBuilder b = new StringBuilder("'");
        readable.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F) b.append(String.format(Locale.ROOT, "\\x%02x", c));
            else b.appendCodePoint(c);
        });
        return b.append('\'').toString();
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
    }

    /** Red for positive, blue for negative, white at zero (scores in [-1, 1]), as the copying figure. */
    static String divergingColor(double v) {
        if (!Double.isFinite(v)) return "#eee";
        double t = Math.min(1, Math.abs(v));
        int fade = (int) Math.round(255 * (1 - 0.75 * t));
        return v >= 0 ? String.format(Locale.ROOT, "rgb(255,%d,%d)", fade, fade)
                : String.format(Locale.ROOT, "rgb(%d,%d,255)", fade, fade);
    }

    private Map<String, Object> scope(String title) {
        Map<String, Object> scope = new HashMap<>(common);
        scope.put("title", title);
        return scope;
    }

    private void render(String template, String file, Map<String, Object> scope) {
        Mustache page = mustache.compile(template + ".mustache");
        try (Writer out = Files.newBufferedWriter(site.resolve(file), StandardCharsets.UTF_8)) {
            page.execute(out, scope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
