package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Circuit;
import dev.embspace.engine.project.HeadProjector;
import dev.embspace.engine.project.HeadSvd;
import dev.embspace.engine.project.PseudoInverseReading;
import dev.embspace.engine.project.TokenPair;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.TokenClasses;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * {@code heads}: the exact top entries of a head's OV or QK circuit (V x V, never materialised).
 * One head is one JSON document; a sweep (--layer or --head left out, or --circuit both) is JSON
 * Lines with one record of the same shape per head and circuit.
 */
@Command(name = "heads", header = "Exact top token pairs of a head's OV or QK circuit.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The token pairs an attention head links most strongly, exactly: the top",
                "entries of E W_VO E^T (ov: attended token -> promoted token) or E W_QK E^T",
                "(qk: query token -> key token), found without building the V x V matrix.",
                "",
                "Leave out --layer or --head to sweep them (JSON Lines, one record per",
                "head and circuit).",
                "",
                "--svd gives instead the top singular directions of the head's d x d W_OV",
                "(W_V W_O) or W_QK (W_Q W_K^T), from QR factorisations of its d x dh factors and",
                "the SVD of a dh x dh core; each direction is read through E on both sides",
                "(ov: attended -> promoted tokens, qk: query -> key tokens), its joint sign",
                "chosen so the right side's strongest score is positive. JSON is one document",
                "{\"directions\": [...]} for every head and circuit asked."})
final class HeadsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--layer", paramLabel = "L", description = "Layer (default: every layer).")
    Integer layer;

    @Option(names = "--head", paramLabel = "H", description = "Head (default: every head).")
    Integer head;

    @Option(names = "--circuit", paramLabel = "ov|qk|both", defaultValue = "ov", description = "ov (default), qk, or both.")
    String circuit;

    @Option(names = "-k", paramLabel = "K", description = {"Pairs per head (default 50), or tokens per side of a direction with --svd (default 10);",
            "above the number of token pairs (tokens with --svd), all there are."})
    Integer k;

    @Option(names = "--bottom", description = "Also the most negative pairs (what the head suppresses).")
    boolean bottom;

    @Option(names = "--fold-ln", description = {"Fold the LayerNorm gain into the reading side (W_Q, W_K, W_V),",
            "as project --fold-ln does (TransformerLens' fold_ln)."})
    boolean foldLn;

    @Option(names = "--reading", paramLabel = "transpose|pinv", defaultValue = "transpose",
            description = {"Read the reading side (W_Q, W_K, W_V) through E (transpose, default) or through the",
                    "rows of the pseudo-inverse E^+ (pinv, the paper's exact E'); W_O is always read through E."})
    String reading;

    @Option(names = "--svd", description = "Singular directions of W_OV / W_QK instead of token pairs.")
    boolean svd;

    @Option(names = "--directions", paramLabel = "N", defaultValue = "5",
            description = "Singular directions per head with --svd (default ${DEFAULT-VALUE}).")
    int directions;

    @Option(names = "--exclude-same", arity = "0..1", fallbackValue = "string", paramLabel = "string|id",
            description = {"Leave out pairs of a token with itself: by default tokens equal as normalised strings",
                    "(lower-cased, leading space and ## stripped, as the paper's decode(x).lower().strip()),",
                    "so 'paris', 'Paris' and '##paris' are one token; 'id' compares ids only."})
    String excludeSame;

    @Mixin
    TokenFilterOptions tokens;

    private record Target(int layer, int head, Circuit circuit) {
    }

    @Override
    public Integer call() {
        int asked = this.k != null ? this.k : svd ? 10 : 50;
        Converters.requireK(asked);
        Converters.requirePositive("--directions", directions);
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            Transformer transformer = m.transformer();
            List<Target> targets = targets(transformer);
            IntPredicate allowed = tokens.allowed(m.vocabulary());
            Matrix embedding = transformer.embedding(model.side);
            long vocabulary = embedding.rows();
            int k = Converters.clampK(asked, svd ? vocabulary : vocabulary * vocabulary);
            int[] sameClass = sameClasses(m.vocabulary(), embedding.rows());
            PseudoInverseReading pinv = pinvReading() ? PseudoInverseReading.of(embedding) : null;
            java.util.function.IntFunction<Attention> attentionOf = layer -> {
                Attention a = ParameterVectors.attention(transformer, layer, model.side, foldLn);
                return pinv == null ? a : pinv.readingSide(a);
            };
            if (svd) {
                singularDirections(m, targets, embedding, attentionOf, k, allowed, progress);
                return 0;
            }
            boolean sweep = targets.size() > 1;
            PrintStream out = System.out;
            progress.start("heads", targets.size());
            for (Target t : targets) {
                Attention attention = attentionOf.apply(t.layer());
                List<TokenPair> pairs = HeadProjector.top(embedding, attention, t.head(), t.circuit(), k, sameClass, allowed);
                List<TokenPair> lowest = bottom ? HeadProjector.bottom(embedding, attention, t.head(), t.circuit(), k, sameClass, allowed) : null;
                print(out, m, t, pairs, lowest, sweep, k);
                progress.advance(1);
            }
            progress.finish();
        }
        return 0;
    }

    private List<Target> targets(Transformer transformer) {
        List<Circuit> circuits = circuits(circuit);
        List<Integer> layers = layer != null ? List.of(checkedLayer(transformer, layer))
                : IntStream.range(0, transformer.layers()).boxed().toList();
        List<Target> targets = new ArrayList<>();
        for (int l : layers) {
            int heads = transformer.block(l).attention().heads();
            if (head != null && (head < 0 || head >= heads)) {
                throw new UsageException("--head " + head + " is out of range (layer " + l + " has "
                        + heads + " heads: 0.." + (heads - 1) + ")");
            }
            List<Integer> hs = head != null ? List.of(head) : IntStream.range(0, heads).boxed().toList();
            for (int h : hs) for (Circuit c : circuits) targets.add(new Target(l, h, c));
        }
        return targets;
    }

    private static int checkedLayer(Transformer transformer, int layer) {
        transformer.block(layer);
        return layer;
    }

    private void singularDirections(LoadedModel m, List<Target> targets, Matrix embedding,
                                    java.util.function.IntFunction<Attention> attentionOf, int k, IntPredicate allowed, Progress progress) {
        Vocabulary vocabulary = m.vocabulary();
        PrintStream out = System.out;
        ObjectNode root = Json.object().put("model", m.ref());
        ArrayNode array = root.putArray("directions");
        progress.start("heads --svd", targets.size());
        for (Target t : targets) {
            Attention attention = attentionOf.apply(t.layer());
            List<HeadSvd.Reading> readings = HeadSvd.read(embedding,
                    HeadSvd.directions(attention, t.head(), t.circuit(), directions), k, allowed);
            String circuit = t.circuit().name().toLowerCase(Locale.ROOT);
            if (!GlobalOptions.json()) {
                String side = t.circuit() == Circuit.OV ? "attended -> promoted" : "query -> key";
                out.printf(Locale.ROOT, "L%d head %d %s singular directions (%s)%n", t.layer(), t.head(), circuit, side);
            }
            for (HeadSvd.Reading r : readings) {
                if (GlobalOptions.json()) {
                    ObjectNode o = array.addObject().put("layer", t.layer()).put("head", t.head()).put("circuit", circuit)
                            .put("rank", r.direction().rank()).put("singular_value", r.direction().singularValue());
                    o.set("left", TokenText.json(r.left(), vocabulary));
                    o.set("right", TokenText.json(r.right(), vocabulary));
                } else {
                    out.printf(Locale.ROOT, "  %d  s=%.4f%n", r.direction().rank(), r.direction().singularValue());
                    TokenText.line(out, "     left ", r.left(), vocabulary);
                    TokenText.line(out, "     right", r.right(), vocabulary);
                }
            }
            progress.advance(1);
        }
        progress.finish();
        if (GlobalOptions.json()) Json.document(out, root);
        out.flush();
    }

    private void print(PrintStream out, LoadedModel m, Target t, List<TokenPair> pairs, List<TokenPair> lowest, boolean sweep, int k) {
        Vocabulary vocabulary = m.vocabulary();
        String circuit = t.circuit().name().toLowerCase(Locale.ROOT);
        if (GlobalOptions.json()) {
            ObjectNode root = Json.object().put("model", m.ref()).put("layer", t.layer()).put("head", t.head())
                    .put("circuit", circuit);
            if (foldLn) root.put("fold_ln", true);
            if (pinvReading()) root.put("reading", "pinv");
            root.set("pairs", json(pairs, vocabulary));
            if (lowest != null) root.set("bottom", json(lowest, vocabulary));
            if (sweep) Json.line(out, root);
            else Json.document(out, root);
            return;
        }
        String side = t.circuit() == Circuit.OV ? "attended -> promoted" : "query -> key";
        out.printf(Locale.ROOT, "L%d head %d %s (%s), top %d (%s%s)%n", t.layer(), t.head(), circuit, side, k, m.ref(),
                foldLn ? ", LayerNorm folded" : "");
        table(out, pairs, vocabulary);
        if (lowest != null) {
            out.printf(Locale.ROOT, "  bottom %d%n", k);
            table(out, lowest, vocabulary);
        }
        if (sweep) out.println();
        out.flush();
    }

    private static ArrayNode json(List<TokenPair> pairs, Vocabulary vocabulary) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (TokenPair p : pairs) {
            ObjectNode pair = array.addObject();
            pair.putObject("from").put("id", p.from()).put("token", vocabulary.token(p.from()));
            pair.putObject("to").put("id", p.to()).put("token", vocabulary.token(p.to()));
            pair.put("score", p.score());
        }
        return array;
    }

    private static void table(PrintStream out, List<TokenPair> pairs, Vocabulary vocabulary) {
        int rank = 1;
        for (TokenPair p : pairs) {
            out.printf(Locale.ROOT, "  %3d  %-24s -> %-24s %9.4f%n", rank++,
                    TokenText.quote(vocabulary.readable(p.from())), TokenText.quote(vocabulary.readable(p.to())), p.score());
        }
    }

    private boolean pinvReading() {
        return Converters.pinvReading(reading);
    }

    /** The token classes --exclude-same compares, or null without it. */
    private int[] sameClasses(Vocabulary vocabulary, int rows) {
        if (excludeSame == null) return null;
        return switch (excludeSame.toLowerCase(Locale.ROOT)) {
            case "string" -> TokenClasses.normalised(vocabulary);
            case "id" -> TokenClasses.byId(rows);
            default -> throw new UsageException("--exclude-same: '" + excludeSame + "' is not a rule (expected string or id)");
        };
    }

    /** ov, qk or both; anything else is a usage error. */
    private static List<Circuit> circuits(String value) {
        if (value.equalsIgnoreCase("both")) return List.of(Circuit.OV, Circuit.QK);
        try {
            return List.of(Circuit.parse(value));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--circuit: '" + value + "' is not a circuit (expected ov, qk or both)");
        }
    }
}
