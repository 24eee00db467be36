package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;

/** {@code project}: the top (and bottom) tokens of parameter vectors read through E. */
@Command(name = "project", header = "Top (and bottom) tokens of parameter vectors read through E.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read parameter vectors in embedding space: the tokens of E x with the highest",
                "(and with --bottom the lowest) scores.",
                "",
                "Vectors are addressed L{layer}.{kind}.{index}, e.g. L4.ff.value.100; kinds: ff.key,",
                "ff.gate, ff.value, attn.q, attn.k, attn.v, attn.o; emb.{id} is a token's own row of E."})
final class ProjectCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Parameters(arity = "1..*", paramLabel = "VECTOR", description = "Vectors to project, e.g. L4.ff.value.100.")
    List<String> vectors;

    @Mixin
    ProjectionOptions projection;

    @Override
    public Integer call() {
        projection.validate();
        List<VectorRef> refs = new ArrayList<>();
        for (String v : vectors) refs.add(VectorRef.parse(v));
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            IntPredicate allowed = projection.tokens.allowed(m.vocabulary());
            Matrix embedding = m.transformer().embedding(model.side);
            // one matrix of every requested vector, so E is streamed once for all of them
            int d = embedding.cols();
            float[] rows = new float[refs.size() * d];
            for (int i = 0; i < refs.size(); i++) {
                float[] v = projection.vector(m.transformer(), refs.get(i), model.side).row(0);
                System.arraycopy(v, 0, rows, i * d, d);
            }
            List<Projection> projections = Projector.project(embedding, Matrix.wrap(rows, refs.size(), d), projection.k, projection.bottom, allowed);
            print(System.out, m, refs, projections);
        }
        return 0;
    }

    private void print(PrintStream out, LoadedModel m, List<VectorRef> refs, List<Projection> projections) {
        if (GlobalOptions.json()) {
            ObjectNode root = Json.object().put("model", m.ref()).put("fold_ln", projection.foldLn)
                    .put("reading", projection.pinvReading() ? "pinv" : "transpose");
            ArrayNode results = root.putArray("results");
            for (int i = 0; i < refs.size(); i++) {
                ObjectNode r = results.addObject().put("vector", refs.get(i).toString());
                r.set("top", TokenText.json(projections.get(i).top(), m.vocabulary()));
                r.set("bottom", TokenText.json(projections.get(i).bottom(), m.vocabulary()));
            }
            Json.document(out, root);
            return;
        }
        for (int i = 0; i < refs.size(); i++) {
            if (i > 0) out.println();
            TokenText.table(out, refs.get(i) + "  top " + projection.k + " (" + m.ref() + (projection.foldLn ? ", LayerNorm folded" : "") + ")", projections.get(i).top(), m.vocabulary());
            if (projection.bottom) TokenText.table(out, refs.get(i) + "  bottom " + projection.k, projections.get(i).bottom(), m.vocabulary());
        }
    }
}
