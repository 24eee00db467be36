package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.analysis.diff.ChangedVector;
import dev.embspace.engine.analysis.diff.DiffOptions;
import dev.embspace.engine.analysis.diff.DiffResult;
import dev.embspace.engine.analysis.diff.LayerChange;
import dev.embspace.engine.analysis.diff.ModelDiff;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code diff --base M --tuned M2}: what fine-tuning changed, read in embedding space. */
@Command(name = "diff", header = "Fine-tuning diffs (tuned - base) projected to tokens.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tuning in embedding space: tuned - base for parameter vectors, projected to the",
                "tokens it promotes (top) and suppresses (bottom); the vectors that moved most; and per",
                "layer the mean relative change of each kind. Differences are read through the tuned E."})
final class DiffCommand implements Callable<Integer> {

    @Option(names = "--base", paramLabel = "REF", required = true, description = "The pretrained model.")
    String base;

    @Option(names = "--tuned", paramLabel = "REF", required = true, description = "The fine-tuned model.")
    String tuned;

    @Parameters(arity = "0..*", paramLabel = "VECTOR", description = "Vectors to show, e.g. L4.ff.value.100.")
    List<String> vectors = new ArrayList<>();

    @Option(names = "-k", paramLabel = "K", defaultValue = "20", description = "Tokens per end of each projection (default 20).")
    int k;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "How many most-changed vectors to list (default 20).")
    int top;

    @Option(names = "--embedding", paramLabel = "input|output", defaultValue = "output",
            converter = ModelOptions.SideConverter.class,
            description = "Which matrix is E where they differ: output (default) or input.")
    EmbeddingSide side;

    @Mixin
    TokenFilterOptions tokens;

    @Override
    public Integer call() {
        Converters.requireK(k);
        if (top < 0) throw new UsageException("--top must be >= 0, got " + top);
        List<VectorRef> refs = new ArrayList<>();
        for (String v : vectors) refs.add(VectorRef.parse(v));
        try (LoadedModel b = ModelLoader.load(base, GlobalOptions.progress());
             LoadedModel t = ModelLoader.load(tuned, GlobalOptions.progress())) {
            DiffOptions options = new DiffOptions(k, top, side, tokens.allowed(t.vocabulary()));
            DiffResult result = ModelDiff.compare(b.transformer(), t.transformer(), refs, options, GlobalOptions.progress());
            if (GlobalOptions.json()) json(System.out, b.ref(), t.ref(), result, t.vocabulary());
            else text(System.out, b.ref(), t.ref(), result, t.vocabulary());
        }
        return 0;
    }

    private static void json(PrintStream out, String base, String tuned, DiffResult r, Vocabulary vocabulary) {
        ObjectNode root = Json.object().put("base", base).put("tuned", tuned);
        changes(root.putArray("results"), r.requested(), vocabulary);
        changes(root.putArray("most_changed"), r.mostChanged(), vocabulary);
        ArrayNode layers = root.putArray("layers");
        for (LayerChange l : r.layers()) {
            ObjectNode kinds = layers.addObject().put("layer", l.layer()).putObject("mean_relative_change");
            sorted(l.meanRelativeChange()).forEach((kind, v) -> put(kinds, kind, v));
        }
        put(root, "embedding_mean_relative_change", r.embeddingMeanRelativeChange());
        Json.document(out, root);
    }

    private static void changes(ArrayNode array, List<ChangedVector> changes, Vocabulary vocabulary) {
        for (ChangedVector c : changes) {
            ObjectNode o = array.addObject().put("vector", c.vector().toString()).put("norm", c.norm());
            put(o, "relative", c.relative());
            o.set("top", TokenText.json(c.projection().top(), vocabulary));
            o.set("bottom", TokenText.json(c.projection().bottom(), vocabulary));
        }
    }

    private static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v);
        else o.putNull(field);
    }

    private static Map<String, Double> sorted(Map<VectorKind, Double> byKind) {
        Map<String, Double> out = new TreeMap<>();
        byKind.forEach((kind, v) -> out.put(kind.label(), v));
        return out;
    }

    private static void text(PrintStream out, String base, String tuned, DiffResult r, Vocabulary vocabulary) {
        out.printf(Locale.ROOT, "%s -> %s: mean relative change ||tuned - base|| / ||base|| per layer%n", base, tuned);
        List<VectorKind> kinds = r.layers().isEmpty() ? List.of()
                : r.layers().get(0).meanRelativeChange().keySet().stream().sorted().toList();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %5s", "layer"));
        for (VectorKind kind : kinds) header.append(String.format(Locale.ROOT, " %9s", kind.label()));
        out.println(header);
        for (LayerChange l : r.layers()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %5d", l.layer()));
            for (VectorKind kind : kinds) line.append(String.format(Locale.ROOT, " %9.5f", l.meanRelativeChange().get(kind)));
            out.println(line);
        }
        out.printf(Locale.ROOT, "  E rows: %.5f%n", r.embeddingMeanRelativeChange());
        section(out, "requested vectors", r.requested(), vocabulary);
        section(out, "most changed vectors", r.mostChanged(), vocabulary);
    }

    private static void section(PrintStream out, String title, List<ChangedVector> changes, Vocabulary vocabulary) {
        if (changes.isEmpty()) return;
        out.println();
        out.println(title + ":");
        for (ChangedVector c : changes) {
            out.printf(Locale.ROOT, "%s  |diff| %.4f  relative %.4f%n", c.vector(), c.norm(), c.relative());
            TokenText.line(out, "  +", c.projection().top(), vocabulary);
            TokenText.line(out, "  -", c.projection().bottom(), vocabulary);
        }
    }
}
