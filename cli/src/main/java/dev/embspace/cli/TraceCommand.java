package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.UsageException;
import dev.embspace.engine.forward.ForwardHook;
import dev.embspace.engine.forward.Intervention;
import dev.embspace.engine.forward.trace.Attribution;
import dev.embspace.engine.forward.trace.PositionTrace;
import dev.embspace.engine.forward.trace.PositionTrace.FfUpdate;
import dev.embspace.engine.forward.trace.PositionTrace.HeadReading;
import dev.embspace.engine.forward.trace.PositionTrace.LayerTrace;
import dev.embspace.engine.forward.trace.Trace;
import dev.embspace.engine.forward.trace.TraceOptions;
import dev.embspace.engine.forward.trace.TracedRun;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** {@code trace}: one input in embedding space, layer by layer, with attribution and interventions. */
@Command(name = "trace", header = "One input in embedding space: lens, FF sub-updates, heads, logit attribution.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the model on a text and reads, for every layer at a position:",
                "  the residual stream through the final norm and E before attention, after",
                "  attention and after the FF block (the logit lens at three points);",
                "  the dominant FF sub-updates m_i v_i, ranked by weight = |m_i| ||v_i||, with the",
                "  coefficient m_i (activation) and the value's own top tokens E v_i;",
                "  each head's output there, carried to the output and read through E.",
                "",
                "--target adds the direct logit attribution of that token: the logit E[t] . h of",
                "the final hidden state h (unembedding bias left out, as the lens does) split into",
                "the embeddings, every head, every FF unit, and the biases of sublayers and norms.",
                "Convention: every norm is frozen at its scale (1/sigma, and its mean-removal) for",
                "this input, as TransformerLens' decompose_resid / cache.apply_ln_to_stack does,",
                "which makes the path to the output linear; the parts then sum to the logit. For a",
                "post-norm encoder (BERT) that includes the LayerNorms of every later block.",
                "A BERT masked-LM head's transform, where the checkpoint has one, is applied by",
                "the lens and predictions; being nonlinear, it is outside the attribution, which",
                "splits the logit at its input (E[t] . last hidden state), and outside the heads'",
                "readings.",
                "",
                "--ablate and --amplify re-run the pass with FF units (L3.ff.907) or heads",
                "(L5.head.2) zeroed or scaled (L4.ff.11=4) at every position, and show the lens",
                "and predictions before and after.",
                "",
                "Position: the last token for causal models; every token for encoders unless",
                "--position is given (JSON is then one document per position, as JSON Lines)."})
final class TraceCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--text", required = true, paramLabel = "STR", description = "The text to run.")
    String text;

    @Option(names = "--position", paramLabel = "P",
            description = "Token position to read (negative counts from the end: -1 is the last).")
    Integer position;

    @Option(names = "--target", paramLabel = "TOKEN",
            description = "A vocabulary item (as stored or as text shows it) whose logit to attribute.")
    String target;

    @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "Tokens per reading (default ${DEFAULT-VALUE}; above the vocabulary size, every token).")
    int k;

    @Option(names = "--updates", paramLabel = "N", defaultValue = "10",
            description = "FF sub-updates per layer (default ${DEFAULT-VALUE}).")
    int updates;

    @Option(names = "--parts", paramLabel = "N", defaultValue = "20",
            description = "Attribution parts shown in text, largest first (default ${DEFAULT-VALUE}; JSON has all).")
    int parts;

    @Option(names = "--ablate", paramLabel = "LIST", split = ",", description = "Units or heads to zero: L3.ff.907,L5.head.2.")
    List<String> ablate = new ArrayList<>();

    @Option(names = "--amplify", paramLabel = "LIST", split = ",", description = "Units or heads to scale: L4.ff.11=4.")
    List<String> amplify = new ArrayList<>();

    @Mixin
    TokenFilterOptions tokens;

    @Override
    public Integer call() {
        Converters.requirePositive("-k", k);
        Intervention intervention = Intervention.parse(ablate, amplify);
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            intervention.checkedAgainst(m.transformer());
            Encoding encoding = Converters.encodeNonEmpty(m, text);
            int[] positions = positions(m, encoding.size());
            Integer targetId = target == null ? null : targetId(m.vocabulary(), target);
            IntPredicate allowed = tokens.allowed(m.vocabulary());
            TraceOptions options = new TraceOptions(Converters.clampK(k, m.transformer().embedding(model.side).rows()), updates, allowed, false);

            Trace trace = Trace.of(m.transformer(), model.side);
            TracedRun run = trace.run(encoding.ids(), encoding.typeIds(), intervention);
            List<PositionTrace> traces = run.read(positions, options);
            List<PositionTrace> before = null;
            TracedRun plain = null;
            if (!intervention.isEmpty()) {
                plain = trace.run(encoding.ids(), encoding.typeIds(), ForwardHook.NONE);
                before = plain.read(positions, options.onlyLens());
            }
            PrintStream out = System.out;
            for (int i = 0; i < positions.length; i++) {
                int p = positions[i];
                Attribution attribution = targetId == null ? null : run.attribute(p, targetId);
                Double beforeLogit = targetId == null || plain == null ? null : plain.attribute(p, targetId).logit();
                PositionTrace plainTrace = before == null ? null : before.get(i);
                if (GlobalOptions.json()) {
                    ObjectNode doc = json(m, encoding, traces.get(i), attribution, intervention, plainTrace, beforeLogit);
                    if (positions.length > 1) Json.line(out, doc);
                    else Json.document(out, doc);
                } else {
                    text(out, m, encoding, traces.get(i), attribution, intervention, plainTrace, beforeLogit);
                }
            }
        }
        return 0;
    }

    private int[] positions(LoadedModel m, int length) {
        if (position != null) {
            int p = position < 0 ? length + position : position;
            if (p < 0 || p >= length) {
                throw new UsageException("--position " + position + " is out of range: the text has "
                        + length + " tokens (0.." + (length - 1) + ")");
            }
            return new int[]{p};
        }
        if (m.transformer().spec().family() == Family.BERT) return IntStream.range(0, length).toArray();
        return new int[]{length - 1};
    }

    /** The id of one vocabulary item, given as stored ("Ġthe", "##ing") or as text shows it (" the"). */
    static int targetId(Vocabulary vocabulary, String item) {
        OptionalInt stored = vocabulary.id(item);
        if (stored.isPresent()) return stored.getAsInt();
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocabulary.readable(id).equals(item)) return id;
        }
        throw new UsageException("--target: '" + item + "' is not a vocabulary item of the model");
    }

    private static ObjectNode json(LoadedModel m, Encoding encoding, PositionTrace t, Attribution attribution,
                                   Intervention intervention, PositionTrace before, Double beforeLogit) {
        Vocabulary vocabulary = m.vocabulary();
        ObjectNode root = Json.object().put("model", m.ref());
        if (LensCommand.mlmNote(m) != null) root.put("mlm_transform", m.transformer().mlmTransform() != null);
        ArrayNode tokens = root.putArray("tokens");
        encoding.tokens().forEach(tokens::add);
        root.put("position", t.position());
        ArrayNode layers = root.putArray("layers");
        for (LayerTrace layer : t.layers()) {
            ObjectNode l = layers.addObject().put("layer", layer.layer());
            lens(l, layer, vocabulary);
            ArrayNode ff = l.putArray("ff_updates");
            for (FfUpdate u : layer.ffUpdates()) {
                ObjectNode o = ff.addObject().put("vector", "L" + layer.layer() + ".ff.value." + u.unit())
                        .put("activation", u.activation()).put("weight", u.weight());
                o.set("top", TokenText.json(u.top(), vocabulary));
            }
            ArrayNode heads = l.putArray("heads");
            for (HeadReading h : layer.heads()) heads.addObject().put("head", h.head()).set("top", TokenText.json(h.top(), vocabulary));
        }
        root.set("predictions", TokenText.json(t.predictions(), vocabulary));
        if (attribution != null) {
            ObjectNode target = root.putObject("target").put("id", attribution.token())
                    .put("token", vocabulary.token(attribution.token())).put("logit", attribution.logit());
            ArrayNode parts = target.putArray("parts");
            for (Attribution.Part p : attribution.parts()) parts.addObject().put("component", p.component()).put("value", p.value());
        }
        if (!intervention.isEmpty()) {
            ArrayNode items = root.putArray("intervention");
            for (Intervention.Scaling s : intervention.scalings()) items.addObject().put("address", s.address()).put("factor", s.factor());
            ObjectNode b = root.putObject("before");
            ArrayNode bl = b.putArray("layers");
            for (LayerTrace layer : before.layers()) lens(bl.addObject().put("layer", layer.layer()), layer, vocabulary);
            b.set("predictions", TokenText.json(before.predictions(), vocabulary));
            if (beforeLogit != null) b.put("target_logit", beforeLogit);
        }
        return root;
    }

    private static void lens(ObjectNode layer, LayerTrace t, Vocabulary vocabulary) {
        ObjectNode lens = layer.putObject("lens");
        lens.set("pre_attn", TokenText.json(t.preAttn(), vocabulary));
        lens.set("post_attn", TokenText.json(t.postAttn(), vocabulary));
        lens.set("post_ff", TokenText.json(t.postFf(), vocabulary));
    }

    private void text(PrintStream out, LoadedModel m, Encoding encoding, PositionTrace t, Attribution attribution,
                      Intervention intervention, PositionTrace before, Double beforeLogit) {
        Vocabulary v = m.vocabulary();
        out.printf(Locale.ROOT, "trace of %s at position %d %s%n", m.ref(), t.position(),
                TokenText.quote(v.readable(encoding.id(t.position()))));
        if (LensCommand.mlmNote(m) != null) out.println("(" + LensCommand.mlmNote(m) + ")");
        for (int l = 0; l < t.layers().size(); l++) {
            LayerTrace layer = t.layers().get(l);
            out.printf(Locale.ROOT, "L%d%n", layer.layer());
            TokenText.line(out, "  pre_attn ", layer.preAttn(), v);
            TokenText.line(out, "  post_attn", layer.postAttn(), v);
            TokenText.line(out, "  post_ff  ", layer.postFf(), v);
            for (FfUpdate u : layer.ffUpdates()) {
                TokenText.line(out, String.format(Locale.ROOT, "  ff.value.%-5d m=%+.3f w=%.3f", u.unit(), u.activation(), u.weight()),
                        u.top(), v);
            }
            for (HeadReading h : layer.heads()) TokenText.line(out, String.format(Locale.ROOT, "  head %-2d", h.head()), h.top(), v);
            if (before != null) {
                LayerTrace b = before.layers().get(l);
                TokenText.line(out, "  before: post_ff", b.postFf(), v);
            }
        }
        TokenText.line(out, "predictions", t.predictions(), v);
        if (before != null) {
            out.print("intervention:");
            for (Intervention.Scaling s : intervention.scalings()) out.printf(Locale.ROOT, " %s x%s", s.address(), s.factor());
            out.println();
            TokenText.line(out, "predictions before", before.predictions(), v);
        }
        if (attribution != null) attribution(out, v, attribution, beforeLogit);
        out.println();
        out.flush();
    }

    private void attribution(PrintStream out, Vocabulary v, Attribution a, Double beforeLogit) {
        out.printf(Locale.ROOT, "target %s logit %.4f = sum of %d parts (%.4f), norms frozen at this input%s%n",
                TokenText.quote(v.readable(a.token())), a.logit(), a.parts().size(), a.sum(),
                beforeLogit == null ? "" : String.format(Locale.ROOT, " (before the intervention %.4f)", beforeLogit));
        a.parts().stream().sorted(Comparator.comparingDouble((Attribution.Part p) -> -Math.abs(p.value())))
                .limit(parts).forEach(p -> out.printf(Locale.ROOT, "  %+10.4f  %s%n", p.value(), p.component()));
        StringBuilder layers = new StringBuilder("  by layer:");
        for (String prefix : layerPrefixes(a)) {
            double attn = 0, ff = 0;
            for (Attribution.Part p : a.parts()) {
                if (!p.component().startsWith(prefix)) continue;
                if (p.component().contains(".head.") || p.component().contains(".attn.")) attn += p.value();
                if (p.component().contains(".ff.")) ff += p.value();
            }
            layers.append(String.format(Locale.ROOT, "  %sattn %+.3f ff %+.3f", prefix, attn, ff));
        }
        out.println(layers);
    }

    private static List<String> layerPrefixes(Attribution a) {
        return a.parts().stream().map(Attribution.Part::component).filter(c -> c.matches("L\\d+\\..*"))
                .map(c -> c.substring(0, c.indexOf('.') + 1)).distinct().toList();
    }
}
