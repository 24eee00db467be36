package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.atlas.figure.LensFigure;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.LogitLens;
import dev.embspace.engine.model.Family;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.TokenScore;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;

/** {@code lens}: the logit lens, every layer's residual stream read through the final norm and E. */
@Command(name = "lens", header = "Logit lens: each layer's residual stream read as tokens.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The logit lens: run the model on a text and read the residual stream after every",
                "layer through the final norm and E, as top tokens per layer and position.",
                "A BERT checkpoint saved with its masked-LM head is read through the head's",
                "transform first; the output says when a BERT checkpoint has none."})
final class LensCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--text", required = true, paramLabel = "STR", description = "The text to run.")
    String text;

    @Option(names = "-k", paramLabel = "K", defaultValue = "5", description = "Tokens per layer and position (default 5; above the vocabulary size, every token).")
    int k;

    @Mixin
    TokenFilterOptions tokens;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        Converters.requirePositive("-k", k);
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            Encoding encoding = Converters.encodeNonEmpty(m, text);
            ForwardResult result = ForwardPass.of(m.transformer())
                    .run(new int[][]{encoding.ids()}, new int[][]{encoding.typeIds()}, Capture.residualStream());
            IntPredicate allowed = tokens.allowed(m.vocabulary());
            List<List<Projection>> lens = LogitLens.of(m.transformer(), model.side).read(result, 0, Converters.clampK(k, m.transformer().embedding(model.side).rows()), allowed);
            plot.write(() -> LensFigure.of(m.ref(), readable(m, encoding), lens, m.vocabulary()));
            if (GlobalOptions.json()) json(System.out, m, encoding, lens);
            else text(System.out, m, encoding, lens);
        }
        return 0;
    }

    /**
     * For a BERT-family model, whether the lens reads through its masked-LM head's transform, said
     * in words (sentence encoders are saved without that head); null for other families.
     */
    static String mlmNote(LoadedModel m) {
        if (m.transformer().spec().family() != Family.BERT) return null;
        return m.transformer().mlmTransform() != null
                ? "read through the masked-LM head's transform (dense, activation, LayerNorm), then E"
                : "this checkpoint has no masked-LM head: hidden states are read through E directly";
    }

    private static void json(PrintStream out, LoadedModel m, Encoding encoding, List<List<Projection>> lens) {
        ObjectNode root = Json.object().put("model", m.ref());
        if (mlmNote(m) != null) root.put("mlm_transform", m.transformer().mlmTransform() != null);
        ArrayNode ids = root.putArray("ids");
        for (int id : encoding.ids()) ids.add(id);
        ArrayNode tokens = root.putArray("tokens");
        encoding.tokens().forEach(tokens::add);
        ArrayNode layers = root.putArray("layers");
        for (int l = 0; l < lens.size(); l++) {
            ObjectNode layer = layers.addObject().put("layer", l);
            ArrayNode positions = layer.putArray("positions");
            for (int p = 0; p < lens.get(l).size(); p++) {
                ObjectNode position = positions.addObject().put("position", p).put("token", encoding.tokens().get(p));
                position.set("top", TokenText.json(lens.get(l).get(p).top(), m.vocabulary()));
            }
        }
        Json.document(out, root);
    }

    private static List<String> readable(LoadedModel m, Encoding encoding) {
        List<String> tokens = new ArrayList<>(encoding.size());
        for (int p = 0; p < encoding.size(); p++) tokens.add(m.vocabulary().readable(encoding.id(p)));
        return tokens;
    }

    /** Grouped by position: for each input token, what every layer predicts there. */
    private static void text(PrintStream out, LoadedModel m, Encoding encoding, List<List<Projection>> lens) {
        if (mlmNote(m) != null) out.println("(" + mlmNote(m) + ")");
        for (int p = 0; p < encoding.size(); p++) {
            out.println("position " + p + " " + TokenText.quote(m.vocabulary().readable(encoding.id(p))));
            for (int l = 0; l < lens.size(); l++) {
                List<TokenScore> top = lens.get(l).get(p).top();
                TokenText.line(out, String.format("  L%-2d", l), top, m.vocabulary());
            }
        }
    }
}
