package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Attention;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.project.Circuit;
import dev.embspace.engine.project.HeadProjector;
import dev.embspace.engine.project.TokenPair;
import dev.embspace.engine.tensor.Matrix;
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
                "head and circuit)."})
final class HeadsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--layer", paramLabel = "L", description = "Layer (default: every layer).")
    Integer layer;

    @Option(names = "--head", paramLabel = "H", description = "Head (default: every head).")
    Integer head;

    @Option(names = "--circuit", paramLabel = "ov|qk|both", defaultValue = "ov", description = "ov (default), qk, or both.")
    String circuit;

    @Option(names = "-k", paramLabel = "K", defaultValue = "50", description = "Pairs per head (default 50).")
    int k;

    @Option(names = "--exclude-same", description = "Leave out pairs of a token with itself.")
    boolean excludeSame;

    @Mixin
    TokenFilterOptions tokens;

    private record Target(int layer, int head, Circuit circuit) {
    }

    @Override
    public Integer call() {
        Converters.requireK(k);
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            Transformer transformer = m.transformer();
            List<Target> targets = targets(transformer);
            IntPredicate allowed = tokens.allowed(m.vocabulary());
            Matrix embedding = transformer.embedding(model.side);
            boolean sweep = targets.size() > 1;
            PrintStream out = System.out;
            progress.start("heads", targets.size());
            for (Target t : targets) {
                Attention attention = transformer.block(t.layer()).attention();
                List<TokenPair> pairs = HeadProjector.top(embedding, attention, t.head(), t.circuit(), k, excludeSame, allowed);
                print(out, m, t, pairs, sweep);
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

    private void print(PrintStream out, LoadedModel m, Target t, List<TokenPair> pairs, boolean sweep) {
        Vocabulary vocabulary = m.vocabulary();
        String circuit = t.circuit().name().toLowerCase(Locale.ROOT);
        if (GlobalOptions.json()) {
            ObjectNode root = Json.object().put("model", m.ref()).put("layer", t.layer()).put("head", t.head())
                    .put("circuit", circuit);
            ArrayNode array = root.putArray("pairs");
            for (TokenPair p : pairs) {
                ObjectNode pair = array.addObject();
                pair.putObject("from").put("id", p.from()).put("token", vocabulary.token(p.from()));
                pair.putObject("to").put("id", p.to()).put("token", vocabulary.token(p.to()));
                pair.put("score", p.score());
            }
            if (sweep) Json.line(out, root);
            else Json.document(out, root);
            return;
        }
        String side = t.circuit() == Circuit.OV ? "attended -> promoted" : "query -> key";
        out.printf(Locale.ROOT, "L%d head %d %s (%s), top %d (%s)%n", t.layer(), t.head(), circuit, side, k, m.ref());
        int rank = 1;
        for (TokenPair p : pairs) {
            out.printf(Locale.ROOT, "  %3d  %-24s -> %-24s %9.4f%n", rank++,
                    TokenText.quote(vocabulary.readable(p.from())), TokenText.quote(vocabulary.readable(p.to())), p.score());
        }
        if (sweep) out.println();
        out.flush();
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
