package dev.embspace.cli;

import dev.embspace.atlas.figure.KeepKFigure;
import dev.embspace.atlas.figure.ResultJson;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.UsageException;
import dev.embspace.engine.analysis.keepk.HiddenStates;
import dev.embspace.engine.analysis.keepk.KeepK;
import dev.embspace.engine.analysis.keepk.KeepKCurve;
import dev.embspace.engine.analysis.keepk.KeepKOptions;
import dev.embspace.engine.analysis.keepk.KeepKResult;
import dev.embspace.engine.analysis.keepk.VectorFamily;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.data.TextCorpus;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code keepk}: E^T versus the pseudo-inverse as the reading map, under keep-k truncation. */
@Command(name = "keepk", header = "E^T versus the pseudo-inverse E^+ as the reading map (keep-k curves).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The paper's keep-k experiment: for sampled vectors X, the cosine similarity between",
                "X X^T and keep_k(X E^T) keep_k(X E'^T)^T with the reading map E' = E (transpose) or",
                "E' = (E^+)^T (pseudo-inverse), over k from 10 to the vocabulary size."})
final class KeepKCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000",
            description = "Vectors per family (default ${DEFAULT-VALUE}, as the paper).")
    int samples;

    @Option(names = "--corpus", paramLabel = "FILE|DIR",
            description = "A text corpus whose hidden states (every layer, every token) form the hidden family.")
    Path corpus;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "4096",
            description = "Corpus tokens run for hidden states (default ${DEFAULT-VALUE}).")
    long maxTokens;

    @Option(names = "--points", paramLabel = "N", defaultValue = "20", description = "Points of the log-spaced k grid (default 20).")
    int points;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Sampling seed (default 42).")
    long seed;

    @Option(names = "--families", paramLabel = "LIST", converter = FamilyList.class,
            description = "Vector families, comma-separated: random, ff.value, emb, hidden (default all; hidden needs --corpus).")
    List<VectorFamily> families;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        if (maxTokens < 1) throw new UsageException("--max-tokens must be at least 1, got " + maxTokens);
        List<String> documents = corpus == null ? null : TextCorpus.read(corpus);
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            Matrix hidden = documents == null ? null : hiddenStates(m, documents);
            KeepKOptions options = new KeepKOptions(samples, points, seed, families, model.side, hidden);
            KeepKResult result = KeepK.compute(m.transformer(), options, GlobalOptions.progress());
            plot.write(() -> KeepKFigure.of(result));
            if (GlobalOptions.json()) Json.document(System.out, ResultJson.keepk(m.ref(), result));
            else text(System.out, m.ref(), result);
        }
        return 0;
    }

    private Matrix hiddenStates(LoadedModel m, List<String> documents) {
        List<int[]> sequences = new ArrayList<>();
        long encoded = 0;
        for (String document : documents) {
            if (encoded >= maxTokens) break;
            int[] ids = m.tokenizer().encode(document).ids();
            sequences.add(ids);
            encoded += ids.length;
        }
        if (encoded == 0) throw new BadInputException("--corpus " + corpus + " encodes to no tokens");
        return HiddenStates.of(ForwardPass.of(m.transformer()), sequences, maxTokens, 1024, GlobalOptions.progress());
    }

    private static void text(PrintStream out, String ref, KeepKResult r) {
        out.printf(Locale.ROOT, "%s: cosine(X X^T, keep-k reconstruction), E^T vs E^+ as the reading map (seed %d)%n",
                ref, r.seed());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %7s", "k"));
        for (KeepKCurve c : r.curves()) {
            header.append(String.format(Locale.ROOT, "  %10s %10s", c.family().label() + " E^T", "E^+"));
        }
        out.println(header);
        for (int g = 0; g < r.k().length; g++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %7d", r.k()[g]));
            for (KeepKCurve c : r.curves()) {
                line.append(String.format(Locale.ROOT, "  %10.4f %10.4f", c.transpose()[g], c.pseudoInverse()[g]));
            }
            out.println(line);
        }
    }

    static final class FamilyList implements ITypeConverter<List<VectorFamily>> {
        @Override
        public List<VectorFamily> convert(String value) {
            List<VectorFamily> out = new ArrayList<>();
            for (String label : value.split(",")) {
                String l = label.strip();
                out.add(VectorFamily.fromLabel(l).orElseThrow(() -> new TypeConversionException(
                        "'" + l + "' is not a vector family (families: " + VectorFamily.labels() + ")")));
            }
            return out;
        }
    }
}
