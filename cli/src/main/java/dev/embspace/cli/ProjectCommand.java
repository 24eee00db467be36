package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.analysis.ParameterVectors;
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

    @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "Tokens to show per vector (default 10).")
    int k;

    @Option(names = "--bottom", description = "Also show the k lowest-scoring tokens.")
    boolean bottom;

    @Mixin
    TokenFilterOptions tokens;


    @Option(names = "--fold-ln", description = {"Fold the LayerNorm gain into reading-side vectors (attn.q/k/v,",
            "ff.key, ff.gate) first, as TransformerLens does; writing-side vectors are unchanged."})
    boolean foldLn;

    @Override
    public Integer call() {
        Converters.requirePositive("-k", k);
        List<VectorRef> refs = new ArrayList<>();
        for (String v : vectors) refs.add(VectorRef.parse(v));
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            IntPredicate allowed = tokens.allowed(m.vocabulary());
            Matrix embedding = m.transformer().embedding(model.side);
            // one matrix of every requested vector, so E is streamed once for all of them
            int d = embedding.cols();
            float[] rows = new float[refs.size() * d];
            for (int i = 0; i < refs.size(); i++) {
                float[] v = ParameterVectors.of(m.transformer(), refs.get(i), model.side, foldLn).row(0);
                System.arraycopy(v, 0, rows, i * d, d);
            }
            List<Projection> projections = Projector.project(embedding, Matrix.wrap(rows, refs.size(), d), k, bottom, allowed);
            print(System.out, m, refs, projections);
        }
        return 0;
    }

    private void print(PrintStream out, LoadedModel m, List<VectorRef> refs, List<Projection> projections) {
        if (GlobalOptions.json()) {
            ObjectNode root = Json.object().put("model", m.ref()).put("fold_ln", foldLn);
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
            TokenText.table(out, refs.get(i) + "  top " + k + " (" + m.ref() + (foldLn ? ", LayerNorm folded" : "") + ")", projections.get(i).top(), m.vocabulary());
            if (bottom) TokenText.table(out, refs.get(i) + "  bottom " + k, projections.get(i).bottom(), m.vocabulary());
        }
    }
}
