package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.examples.ActivatingExample;
import dev.embspace.engine.forward.examples.ActivatingExamples;
import dev.embspace.engine.forward.examples.ExampleOptions;
import dev.embspace.engine.forward.examples.FfUnits;
import dev.embspace.engine.forward.examples.Histogram;
import dev.embspace.engine.forward.examples.Snippet;
import dev.embspace.engine.forward.examples.UnitExamples;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.data.TextCorpus;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code examples}: the corpus contexts where FF units fire most, with each unit's activation histogram. */
@Command(name = "examples", header = "Top activating corpus contexts of FF units (JSON Lines with --format json).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a corpus through the model and keep, for each FF unit, the k token positions",
                "where its activation is highest (the coefficient on its value vector: f(x k_i), or",
                "f(x g_i) * (x k_i) for a gated MLP), with the context around the token, and a",
                "histogram of all its activations. Ties go to the earlier text, then position.",
                "A unit is L{layer}.ff.{index}; L{layer}.ff.key.{index}, L{layer}.ff.value.{index}",
                "(and ff.gate, for gated MLPs) name the same unit."})
final class ExamplesCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--corpus", required = true, paramLabel = "FILE|DIR",
            description = "Plain text, one document per line, or a directory of text files.")
    Path corpus;

    @Parameters(arity = "1..*", paramLabel = "VECTOR", description = "FF units, e.g. L3.ff.907 or L3.ff.value.907.")
    List<String> vectors;

    @Option(names = "-k", paramLabel = "K", defaultValue = "20", description = "Contexts per unit (default 20).")
    int k;

    @Option(names = "--context", paramLabel = "N", defaultValue = "12",
            description = "Tokens shown on each side of the token (default 12).")
    int context;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Token positions to scan at most (default: the whole corpus).")
    Long maxTokens;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "1024",
            description = "Tokens per forward batch (default 1024).")
    int batchTokens;

    @Override
    public Integer call() {
        Converters.requireK(k);
        List<VectorRef> units = new ArrayList<>();
        for (String v : vectors) units.add(FfUnits.parse(v));
        ExampleOptions options = new ExampleOptions(k, context, ExampleOptions.DEFAULT_BINS, batchTokens,
                maxTokens == null ? Long.MAX_VALUE : maxTokens);
        List<String> texts = TextCorpus.read(corpus);
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            for (VectorRef u : units) FfUnits.validate(m.transformer(), u);
            List<int[]> ids = m.tokenizer().encodeBatch(texts).stream().map(Encoding::ids).toList();
            ActivatingExamples found = ActivatingExamples.scan(ForwardPass.of(m.transformer()), texts, ids, units, options, progress);
            PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
            for (int i = 0; i < units.size(); i++) {
                if (GlobalOptions.json()) json(out, vectors.get(i), found.get(i), found.tokens(), m.vocabulary());
                else text(out, vectors.get(i), found.get(i), found.tokens(), m.vocabulary());
            }
            out.flush();
        }
        return 0;
    }

    private static void json(PrintStream out, String vector, UnitExamples unit, long positions, Vocabulary vocabulary) {
        ObjectNode line = Json.object().put("vector", vector).put("unit", unit.unit().toString());
        ArrayNode examples = line.putArray("examples");
        for (ActivatingExample e : unit.top()) {
            Snippet s = Snippet.of(e, vocabulary);
            examples.addObject().put("text", e.text()).put("position", e.position()).put("token", vocabulary.token(e.tokenId()))
                    .put("activation", e.activation()).put("text_index", e.textIndex()).put("token_id", e.tokenId())
                    .putObject("context").put("before", s.before()).put("token", s.token()).put("after", s.after());
        }
        Histogram h = unit.histogram();
        ObjectNode histogram = line.putObject("histogram").put("positions", positions).put("start", h.start())
                .put("bin_width", h.binWidth()).put("min", h.min()).put("max", h.max());
        ArrayNode counts = histogram.putArray("counts");
        for (long c : h.counts()) counts.add(c);
        Json.line(out, line);
    }

    private static void text(PrintStream out, String vector, UnitExamples unit, long positions, Vocabulary vocabulary) {
        Histogram h = unit.histogram();
        out.printf(Locale.ROOT, "%s: top %d of %,d positions (activations %.4f .. %.4f)%n", vector, unit.top().size(), positions,
                h.min(), h.max());
        int rank = 1;
        for (ActivatingExample e : unit.top()) {
            String snippet = Snippet.of(e, vocabulary).marked("[[", "]]").replaceAll("\\s", " ");
            out.printf(Locale.ROOT, "  %3d  %9.4f  text %d pos %d  %s%n", rank++, e.activation(), e.textIndex(), e.position(), snippet);
        }
    }
}
