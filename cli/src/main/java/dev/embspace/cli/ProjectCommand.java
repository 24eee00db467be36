package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.UsageException;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.project.ReverseIndex;
import dev.embspace.engine.project.UnitNumbering;
import dev.embspace.engine.project.UnitScore;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.TokenFilter;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * {@code project}: the top (and bottom) tokens of parameter vectors read through E; with
 * {@code --token}, the other way round: the units whose projections score one token highest.
 */
@Command(name = "project", header = "Top (and bottom) tokens of parameter vectors read through E, or the units writing a token.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read parameter vectors in embedding space: the tokens of E x with the highest",
                "(and with --bottom the lowest) scores.",
                "",
                "Vectors are addressed L{layer}.{kind}.{index}, e.g. L4.ff.value.100; kinds: ff.key,",
                "ff.gate, ff.value, attn.q, attn.k, attn.v, attn.o; emb.{id} is a token's own row of E.",
                "",
                "With --token STR instead of vectors, the reverse index: the units x of every layer",
                "whose score E_t . x for that vocabulary item t is highest (k defaults to 20; above the",
                "number of units, every unit). A unit",
                "is listed by its raw score, so its own top-k holds t only where t ranks within k",
                "among the unit's tokens. STR is a vocabulary item as stored (##ing), as",
                "text output shows it, or text that the tokenizer makes into exactly one token."})
final class ProjectCommand implements Callable<Integer> {

    /** Units listed for --token when -k is not given. */
    private static final int TOKEN_K = 20;

    @Mixin
    ModelOptions model;

    @Parameters(arity = "0..*", paramLabel = "VECTOR", description = "Vectors to project, e.g. L4.ff.value.100.")
    List<String> vectors;

    @Option(names = "--token", paramLabel = "STR",
            description = "List the units that score this vocabulary item highest, across all layers (instead of VECTOR).")
    String token;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", converter = NeuronsCommand.KindConverter.class,
            description = "With --token: which vectors compete (default ff.value); several separated by commas.")
    List<VectorKind> kinds;

    @Mixin
    ProjectionOptions projection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        projection.validate();
        if (token != null) return units();
        if (vectors == null || vectors.isEmpty()) throw new UsageException("give VECTOR arguments, or --token STR");
        if (kinds != null) throw new UsageException("--kind goes with --token, not with VECTOR arguments");
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
            int k = projection.k(embedding.rows());
            List<Projection> projections = Projector.project(embedding, Matrix.wrap(rows, refs.size(), d), k, projection.bottom, allowed);
            print(System.out, m, refs, k, projections);
        }
        return 0;
    }

    /** {@code --token}: the reverse index of that one token over every layer of the chosen kinds. */
    private int units() {
        if (vectors != null && !vectors.isEmpty()) throw new UsageException("--token takes no VECTOR arguments, got " + vectors.getFirst());
        if (projection.bottom || projection.tokens.words != null || projection.tokens.filter != TokenFilter.NONE) {
            throw new UsageException("--bottom, --filter and --words go with VECTOR arguments, not with --token");
        }
        int asked = spec.commandLine().getParseResult().hasMatchedOption("-k") ? projection.k : TOKEN_K;
        List<VectorKind> competing = kinds == null ? List.of(VectorKind.FF_VALUE) : kinds;
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            int id = VocabularyItem.resolve(m, "--token", token);
            Transformer transformer = m.transformer();
            Matrix embedding = transformer.embedding(model.side);
            List<VectorRef> blocks = new ArrayList<>(); // layer and kind of each block, index unused
            long unitCount = 0;
            for (int l = 0; l < transformer.layers(); l++) {
                for (VectorKind kind : competing) {
                    if (kind == VectorKind.EMB && l > 0) continue;
                    blocks.add(new VectorRef(l, kind, 0));
                    unitCount += transformer.vectors(l, kind, model.side).rows();
                }
            }
            int k = Converters.clampK(asked, unitCount);
            ReverseIndex index = new ReverseIndex(embedding.rows(), k);
            UnitNumbering numbering = new UnitNumbering();
            progress.start("reverse index of " + TokenText.quote(m.vocabulary().readable(id)), blocks.size());
            for (VectorRef block : blocks) {
                Matrix rows = projection.vectors(transformer, block.layer(), block.kind(), model.side);
                // only the token's own column is scored: the index of one token is exact on its own
                int first = numbering.add(block.layer(), block.kind(), 0, rows.rows());
                Projector.project(embedding, rows, 0, false, t -> t == id, index, first);
                progress.advance(1);
            }
            progress.finish();
            printUnits(System.out, m, id, k, competing, index.units(id), numbering);
        }
        return 0;
    }

    private void printUnits(PrintStream out, LoadedModel m, int id, int k, List<VectorKind> competing, List<UnitScore> units,
                            UnitNumbering numbering) {
        if (GlobalOptions.json()) {
            ObjectNode root = Json.object().put("model", m.ref());
            if (projection.foldLn) root.put("fold_ln", true);
            root.putObject("token").put("id", id).put("token", m.vocabulary().token(id));
            ArrayNode list = root.putArray("units");
            for (UnitScore u : units) list.addObject().put("vector", numbering.vector(u.unit()).toString()).put("score", u.score());
            Json.document(out, root);
            return;
        }
        out.printf(Locale.ROOT, "units scoring %s (id %d) highest: %s, top %d (%s%s)%n", TokenText.quote(m.vocabulary().readable(id)), id,
                competing.stream().map(VectorKind::label).collect(Collectors.joining(",")), k, m.ref(),
                projection.foldLn ? ", LayerNorm folded" : "");
        int rank = 1;
        for (UnitScore u : units) out.printf(Locale.ROOT, "  %3d  %-22s %9.4f%n", rank++, numbering.vector(u.unit()), u.score());
    }

    private void print(PrintStream out, LoadedModel m, List<VectorRef> refs, int k, List<Projection> projections) {
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
            TokenText.table(out, refs.get(i) + "  top " + k + " (" + m.ref() + (projection.foldLn ? ", LayerNorm folded" : "") + ")", projections.get(i).top(), m.vocabulary());
            if (projection.bottom) TokenText.table(out, refs.get(i) + "  bottom " + k, projections.get(i).bottom(), m.vocabulary());
        }
    }
}
