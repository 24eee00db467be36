package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.model.Transformer;
import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code neurons}: every vector of a kind, in one layer or all, read through E. The hot path: each
 * batch of vectors goes through the fused projection kernel, and results stream out as they come.
 */
@Command(name = "neurons", header = "Every vector of a kind projected to tokens (JSON Lines); the hot path.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Project every vector of a kind (all FF keys of a layer, say) into",
                "embedding space: the top tokens of each, one line per vector;",
                "JSON Lines with --format json.",
                "",
                "Kinds: ff.key, ff.gate, ff.value, attn.q, attn.k, attn.v, attn.o, emb."})
final class NeuronsCommand implements Callable<Integer> {

    /** Vectors per kernel call: enough to amortise packing E, few enough to report progress often. */
    private static final int BATCH = 1024;

    @Mixin
    ModelOptions model;

    @Option(names = "--layer", paramLabel = "L", description = "Only this layer (default: every layer).")
    Integer layer;

    @Option(names = "--kind", required = true, paramLabel = "KIND", split = ",", converter = KindConverter.class,
            description = {"Which vectors: ff.key, ff.gate, ff.value, attn.q, attn.k, attn.v, attn.o or emb;",
                    "several separated by commas (ff.key,ff.value), layer by layer."})
    List<VectorKind> kinds;

    @Mixin
    ProjectionOptions projection;

    @Override
    public Integer call() {
        projection.validate();
        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            Transformer transformer = m.transformer();
            List<Integer> layers = layers(transformer);
            IntPredicate allowed = projection.tokens.allowed(m.vocabulary());
            Matrix embedding = transformer.embedding(model.side);
            int k = projection.k(embedding.rows());
            long total = 0;
            for (int l : layers) for (VectorKind kind : kindsOf(l, layers)) total += transformer.vectors(l, kind, model.side).rows();
            // flushed once per batch, not once per line: thousands of lines come out per second
            PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
            progress.start("neurons " + kinds.stream().map(VectorKind::label).collect(Collectors.joining(",")), total);
            for (int l : layers) for (VectorKind kind : kindsOf(l, layers)) {
                Matrix vectors = projection.vectors(transformer, l, kind, model.side);
                for (int from = 0; from < vectors.rows(); from += BATCH) {
                    int to = Math.min(vectors.rows(), from + BATCH);
                    List<Projection> batch = Projector.project(embedding, vectors.rowRange(from, to), k, projection.bottom, allowed);
                    for (int i = 0; i < batch.size(); i++) {
                        print(out, new VectorRef(l, kind, from + i), batch.get(i), m.vocabulary());
                    }
                    out.flush();
                    progress.advance(to - from);
                }
            }
            progress.finish();
        }
        return 0;
    }

    /** emb has no layers: it is read once, with the first layer listed. */
    private List<VectorKind> kindsOf(int layer, List<Integer> layers) {
        // emb and head.classifier are not per layer: once, with the first layer
        return layer == layers.getFirst() ? kinds : kinds.stream().filter(k -> k != VectorKind.EMB && k != VectorKind.CLASSIFIER).toList();
    }

    private List<Integer> layers(Transformer transformer) {
        if (kinds.stream().allMatch(k -> k == VectorKind.EMB || k == VectorKind.CLASSIFIER)) return List.of(0);
        if (layer != null) {
            transformer.block(layer);
            return List.of(layer);
        }
        return IntStream.range(0, transformer.layers()).boxed().toList();
    }

    private void print(PrintStream out, VectorRef ref, Projection p, Vocabulary vocabulary) {
        if (GlobalOptions.json()) {
            ObjectNode line = Json.object().put("vector", ref.toString());
            line.set("top", TokenText.json(p.top(), vocabulary));
            if (projection.bottom) line.set("bottom", TokenText.json(p.bottom(), vocabulary));
            if (projection.foldLn) line.put("fold_ln", true); // the convention, on the lines it changes
            if (projection.pinvReading()) line.put("reading", "pinv");
            Json.line(out, line);
        } else {
            TokenText.line(out, ref.toString(), p.top(), vocabulary);
            if (projection.bottom) TokenText.line(out, ref + " bottom", p.bottom(), vocabulary);
        }
    }

    static final class KindConverter implements ITypeConverter<VectorKind> {
        @Override
        public VectorKind convert(String value) {
            return VectorKind.fromLabel(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a vector kind (expected one of " + VectorKind.labels() + ")"));
        }
    }
}
