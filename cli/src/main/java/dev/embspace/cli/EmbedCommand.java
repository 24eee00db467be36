package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code embed}: the model's last hidden states for a text, and optionally one pooled vector. */
@Command(name = "embed", header = "Last hidden states of a text, optionally pooled.", mixinStandardHelpOptions = true,
        description = {"Run the model on a text: the last hidden state of every token,",
                "and with --pool one vector for the whole text (mean or [CLS])."})
final class EmbedCommand implements Callable<Integer> {

    private static final int SHOWN_DIMENSIONS = 6;

    @Mixin
    ModelOptions model;

    @Option(names = "--text", required = true, paramLabel = "STR", description = "The text to run.")
    String text;

    @Option(names = "--pool", paramLabel = "mean|cls", converter = Converters.PoolingConverter.class,
            description = "Also pool the hidden states into one vector: mean over tokens, or the first token.")
    Pooling pool;

    @Override
    public Integer call() {
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            Encoding encoding = Converters.encodeNonEmpty(m, text);
            ForwardResult result = ForwardPass.of(m.transformer())
                    .run(new int[][]{encoding.ids()}, new int[][]{encoding.typeIds()}, Capture.none());
            Matrix hidden = result.lastHiddenState(0);
            float[] pooled = pool == null ? null : pool.pool(hidden);
            if (GlobalOptions.json()) json(System.out, encoding, hidden, pooled);
            else text(System.out, m, encoding, hidden, pooled);
        }
        return 0;
    }

    private static void json(PrintStream out, Encoding encoding, Matrix hidden, float[] pooled) {
        ObjectNode root = Json.object();
        ArrayNode ids = root.putArray("ids");
        for (int id : encoding.ids()) ids.add(id);
        ArrayNode tokens = root.putArray("tokens");
        encoding.tokens().forEach(tokens::add);
        ArrayNode rows = root.putArray("hidden");
        for (int r = 0; r < hidden.rows(); r++) floats(rows.addArray(), hidden.row(r));
        if (pooled != null) floats(root.putArray("pooled"), pooled);
        Json.document(out, root);
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float v : values) array.add(v);
    }

    private static void text(PrintStream out, LoadedModel m, Encoding encoding, Matrix hidden, float[] pooled) {
        out.printf(Locale.ROOT, "%d tokens x %d dimensions (last hidden state; first %d shown)%n",
                hidden.rows(), hidden.cols(), SHOWN_DIMENSIONS);
        for (int r = 0; r < hidden.rows(); r++) {
            out.printf(Locale.ROOT, "  %-16s %s%n", TokenText.quote(m.vocabulary().readable(encoding.id(r))), head(hidden.row(r)));
        }
        if (pooled != null) out.printf(Locale.ROOT, "  %-16s %s%n", "pooled", head(pooled));
    }

    private static String head(float[] v) {
        StringBuilder b = new StringBuilder();
        double norm = 0;
        for (float x : v) norm += (double) x * x;
        for (int i = 0; i < Math.min(SHOWN_DIMENSIONS, v.length); i++) b.append(String.format(Locale.ROOT, "%8.4f ", v[i]));
        return b.append(String.format(Locale.ROOT, "...  |x| = %.4f", Math.sqrt(norm))).toString();
    }
}
