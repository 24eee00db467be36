package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.atlas.figure.StitchSweepFigure;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.UsageException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.probe.LogisticRegression;
import dev.embspace.engine.probe.ResidualFeatures;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.engine.translate.Recentering;
import dev.embspace.engine.translate.StitchedFeatures;
import dev.embspace.engine.translate.Translation;
import dev.embspace.engine.translate.TranslationMethod;
import dev.embspace.io.data.LabelledData;
import dev.embspace.io.data.LabelledDataFiles;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.probe.HeadFile;
import dev.embspace.io.probe.ProbeHead;
import dev.embspace.io.safetensors.SafetensorsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stitch}: the paper's zero-shot transfer. A probe head trained on the donor A reads the
 * host B's hidden states translated into A's space (T = E_A^+ E_B); its accuracy is set beside the
 * donor's own, a probe trained on B directly (the upper bound) and chance. The deeper variant runs
 * B's first n blocks, translates, and continues with A's blocks from m; --sweep walks n.
 */
@Command(name = "stitch", header = "Zero-shot accuracy of a probe head translated to another model.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Carry a probe head from a donor model to a host model that shares its vocabulary,",
                "through embedding space: the host's hidden states h become E_A^+ E_B h in the donor's",
                "space. Reports the stitched accuracy beside the donor's own accuracy, a probe trained",
                "on the host (the upper bound) and chance (the majority label's share).",
                "",
                "Deeper stitching: --host-layers n runs the host's first n blocks, then the donor's",
                "blocks from --donor-from-layer m; --sweep reports every n."})
final class StitchCommand implements Callable<Integer> {

    /** The suffix of an accuracy measured on re-centred features (see --center). */
    static final String CENTERED = "_centered";

    @Option(names = "--head", required = true, paramLabel = "HEAD.safetensors", description = "A head written by 'embspace probe'.")
    Path headFile;

    @Option(names = "--donor", paramLabel = "REF", description = "The model the head was trained on (default: the one the head names).")
    String donorRef;

    @Option(names = "--host", required = true, paramLabel = "REF", description = "The model to carry the head to.")
    String hostRef;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data to measure accuracy on.")
    Path data;

    @Option(names = "--train", paramLabel = "FILE",
            description = "Labelled data for the host's own probe (default: the head's training file, if it still exists).")
    Path train;

    @Option(names = "--translation", paramLabel = "pinv|transpose|both", defaultValue = "pinv",
            description = "How scores are read back into the donor's space: E_A^+ (pinv, default), scaled E_A^T, or both.")
    String translation;

    @Option(names = "--host-layers", paramLabel = "N", description = "Run only the host's first N blocks (deeper stitching).")
    Integer hostLayers;

    @Option(names = "--donor-from-layer", paramLabel = "M", description = "Continue with the donor's blocks from M (default: the depth matching N).")
    Integer donorFrom;

    @Option(names = "--center", description = {"Also score the translated features re-centred on the donor's training mean",
            "(shifted by the host texts' own mean: label-free, reported as METHOD_centered)."})
    boolean center;

    @Option(names = "--sweep", description = "Stitched accuracy for every N from 0 to the host's depth (the paper's curve).")
    boolean sweep;

    @Option(names = "--embedding", paramLabel = "input|output", defaultValue = "output", converter = ModelOptions.SideConverter.class,
            description = "Which matrix is E where they differ: output (default) or input.")
    EmbeddingSide side;

    @Option(names = "--max-examples", paramLabel = "N", description = "Use at most N examples of --data and of --train (a seeded sample).")
    Integer maxExamples;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Cut each text to N tokens (default: the head's, else the model's maximum).")
    Integer maxTokens;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seeds --max-examples sampling as probe does (default 0).")
    long seed;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 of the host's probe (default: the head's).")
    Double l2;

    @Mixin
    PlotOptions plot;

    @Override
    public Integer call() throws IOException {
        if (plot.requested() && !sweep) throw new UsageException("--plot draws the --sweep curve: add --sweep");
        plot.requireNotInput(headFile, data, train);
        List<TranslationMethod> methods = methods(translation);
        // the header alone until the donor is known: its width is checked against the donor's d before the data is read
        HeadFile.Header header = HeadFile.header(headFile);
        Map<String, String> headMeta = headMetadata(headFile);
        if (maxTokens == null && headMeta.containsKey("max_tokens")) maxTokens = maxTokens(headMeta);
        double hostL2 = l2 != null ? l2 : headMeta.containsKey("l2") ? number(headMeta, "l2") : LogisticRegression.Options.DEFAULT.l2();
        LabelledData eval = LabelledDataFiles.read(data);
        if (maxExamples != null) {
            Converters.requirePositive("--max-examples", maxExamples);
            // the seeds probe uses for its training and held-out samples, so the same options pick the same texts
            eval = eval.sample(maxExamples, seed + 1);
        }
        int[] y = eval.classIndices(header.labels());
        LabelledData hostTrain = hostTrainingData(headMeta);

        Progress progress = GlobalOptions.progress();
        String donorName = donorRef != null ? donorRef : header.model();
        if (center && !header.hasFeatureMean()) {
            throw new BadInputException(headFile, "--center needs the training features' mean, which this head file lacks (re-run probe)");
        }
        try (LoadedModel donor = ModelLoader.load(donorName, progress);
             LoadedModel host = ModelLoader.load(hostRef, progress)) {
            checkHead(header, donor);
            ProbeHead head = HeadFile.read(headFile);
            int donorLayers = donor.transformer().layers();
            int hostModelLayers = host.transformer().layers();
            // the host layer at the same relative depth as the head's (the last for the last)
            int hostLayer = Math.max(0, matchingDepth(head.layer() + 1, donorLayers, hostModelLayers) - 1);

            Matrix donorFeatures = ProbeInputs.features(donor, eval, head.layer(), head.pooling(), maxTokens, progress);
            double donorAccuracy = head.head().accuracy(donorFeatures, y);
            List<int[]> hostIds = ProbeInputs.tokenize(host, eval, maxTokens, progress);
            Matrix hostFeatures = ResidualFeatures.pooled(ForwardPass.of(host.transformer()), hostIds,
                    hostLayer, head.pooling(), ProbeInputs.BATCH_TOKENS, progress);

            Map<TranslationMethod, Translation> maps = new LinkedHashMap<>();
            for (TranslationMethod method : methods) {
                progress.message("translation " + method.label() + ": E_A^+ E_B from " + hostRef + " to " + donorName);
                maps.put(method, translation(donor, host, method));
            }
            Map<String, Double> stitched = new LinkedHashMap<>();
            for (var e : maps.entrySet()) {
                // W (T h) = (W T) h: translate the head once rather than every hidden state
                stitched.put(e.getKey().label(), head.head().composedWith(e.getValue().map()).accuracy(hostFeatures, y));
                if (center) {
                    Matrix centred = Recentering.toMean(e.getValue().apply(hostFeatures), head.featureMean());
                    stitched.put(e.getKey().label() + CENTERED, head.head().accuracy(centred, y));
                }
            }

            Double hostProbeAccuracy = hostTrain == null ? null
                    : hostProbeAccuracy(host, hostTrain, hostLayer, head, hostL2, maxTokens, hostFeatures, y, progress);

            List<StitchedFeatures.Cut> cuts = cuts(head, donorLayers, hostModelLayers);
            List<Map<String, Double>> deep = deepAccuracies(host, donor, maps, cuts, head, hostIds, y, progress);
            Report report = new Report(donorName, hostLayer, head, eval.size(), donorAccuracy, hostProbeAccuracy,
                    stitched, ProbeInputs.chance(y, head.labels().size()), cuts, deep);
            plot.write(() -> StitchSweepFigure.of(new StitchSweepFigure.Sweep(donorName, hostRef, cuts, deep,
                    report.donorAccuracy(), report.hostProbeAccuracy(), report.chance())));
            if (GlobalOptions.json()) printJson(System.out, report);
            else printText(System.out, report);
        }
        return 0;
    }

    /** The upper bound: a probe fit on the host's own features of the training data, scored on {@code hostFeatures}. */
    private static double hostProbeAccuracy(LoadedModel host, LabelledData hostTrain, int hostLayer, ProbeHead head, double l2,
                                            Integer maxTokens, Matrix hostFeatures, int[] y, Progress progress) {
        int[] yTrain = hostTrain.classIndices(head.labels());
        Matrix xTrain = ProbeInputs.features(host, hostTrain, hostLayer, head.pooling(), maxTokens, progress);
        progress.message("fitting the host's own probe on " + xTrain.rows() + " examples");
        LogisticRegression.Options defaults = LogisticRegression.Options.DEFAULT;
        LinearHead hostHead = LogisticRegression.fit(xTrain, yTrain, head.labels().size(),
                new LogisticRegression.Options(l2, defaults.maxIterations(), defaults.gradientTolerance())).head();
        return hostHead.accuracy(hostFeatures, y);
    }

    /** For each cut and translation, the head's accuracy on the stitched features (empty without cuts). */
    private List<Map<String, Double>> deepAccuracies(LoadedModel host, LoadedModel donor, Map<TranslationMethod, Translation> maps,
                                                     List<StitchedFeatures.Cut> cuts, ProbeHead head, List<int[]> hostIds, int[] y,
                                                     Progress progress) {
        List<Map<String, Double>> deep = new ArrayList<>();
        if (cuts.isEmpty()) return deep;
        for (int c = 0; c < cuts.size(); c++) deep.add(new LinkedHashMap<>());
        for (var e : maps.entrySet()) {
            List<Matrix> features = StitchedFeatures.pooled(ForwardPass.of(host.transformer()), ForwardPass.of(donor.transformer()),
                    e.getValue(), cuts, head.layer(), head.pooling(), hostIds, ProbeInputs.BATCH_TOKENS, progress);
            for (int c = 0; c < cuts.size(); c++) {
                deep.get(c).put(e.getKey().label(), head.head().accuracy(features.get(c), y));
                if (center) {
                    Matrix centred = Recentering.toMean(features.get(c), head.featureMean());
                    deep.get(c).put(e.getKey().label() + CENTERED, head.head().accuracy(centred, y));
                }
            }
        }
        return deep;
    }

    private record Report(String donor, int hostLayer, ProbeHead head, int examples, double donorAccuracy, Double hostProbeAccuracy,
                          Map<String, Double> stitched, double chance, List<StitchedFeatures.Cut> cuts,
                          List<Map<String, Double>> deep) {
    }

    private static List<TranslationMethod> methods(String option) {
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "both" -> List.of(TranslationMethod.PSEUDO_INVERSE, TranslationMethod.TRANSPOSE);
            default -> List.of(TranslationMethod.parse(option));
        };
    }

    private Translation translation(LoadedModel donor, LoadedModel host, TranslationMethod method) {
        Matrix eA = donor.transformer().embedding(side);
        Matrix eB = host.transformer().embedding(side);
        if (eA.rows() != eB.rows() || donor.vocabulary().size() != host.vocabulary().size()) {
            throw new BadInputException(hostRef + ": its vocabulary (" + eB.rows() + " rows of E) is not the donor "
                    + donor.ref() + "'s (" + eA.rows() + "); stitching needs a shared vocabulary");
        }
        return Translation.between(eA, eB, method);
    }

    private void checkHead(HeadFile.Header head, LoadedModel donor) {
        int d = donor.transformer().embeddings().tokens().cols();
        if (head.width() != d) {
            throw new BadInputException(headFile, "the head reads " + head.width() + " features but the donor "
                    + donor.ref() + " has d = " + d + " (was it trained on " + head.model() + "?)");
        }
        if (head.layer() >= donor.transformer().layers()) {
            throw new BadInputException(headFile, "the head reads layer " + head.layer() + " but the donor " + donor.ref()
                    + " has " + donor.transformer().layers() + " layers");
        }
    }

    /** A number from the head's metadata: the file's content, so a bad one is bad input, not a usage error. */
    private double number(Map<String, String> headMeta, String key) {
        try {
            double v = Double.parseDouble(headMeta.get(key));
            if (v > 0 && Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(headFile, "probe head metadata " + key + " '" + headMeta.get(key) + "' is not a positive finite number");
    }

    private int maxTokens(Map<String, String> headMeta) {
        try {
            int v = Integer.parseInt(headMeta.get("max_tokens"));
            if (v >= 2) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(headFile, "probe head metadata max_tokens '" + headMeta.get("max_tokens") + "' is not a token count of at least 2");
    }

    /** A path the head file stores: its content, so an impossible one (a NUL inside) is bad input. */
    private Path storedPath(String path) {
        try {
            return Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInputException(headFile, "probe head metadata train_file '" + path + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    private static Map<String, String> headMetadata(Path file) {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return st.metadata();
        }
    }

    private LabelledData hostTrainingData(Map<String, String> headMeta) {
        Path file = train;
        if (file == null && headMeta.containsKey("train_file") && Files.isRegularFile(storedPath(headMeta.get("train_file")))) {
            file = storedPath(headMeta.get("train_file"));
        }
        if (file == null) return null;
        LabelledData d = LabelledDataFiles.read(file);
        return maxExamples == null ? d : d.sample(maxExamples, seed);
    }

    /** Block n of a model of {@code from} blocks at the same relative depth in one of {@code to} blocks. */
    static int matchingDepth(int n, int from, int to) {
        return (int) Math.round((double) n * to / from);
    }

    private List<StitchedFeatures.Cut> cuts(ProbeHead head, int donorLayers, int hostModelLayers) {
        List<StitchedFeatures.Cut> cuts = new ArrayList<>();
        if (sweep) {
            for (int n = 0; n <= hostModelLayers; n++) {
                cuts.add(new StitchedFeatures.Cut(n, Math.min(head.layer() + 1, matchingDepth(n, hostModelLayers, donorLayers))));
            }
        } else if (hostLayers != null || donorFrom != null) {
            int n = hostLayers != null ? hostLayers : matchingDepth(donorFrom, donorLayers, hostModelLayers);
            int m = donorFrom != null ? donorFrom : Math.min(head.layer() + 1, matchingDepth(n, hostModelLayers, donorLayers));
            cuts.add(new StitchedFeatures.Cut(n, m));
        }
        return cuts;
    }

    private void printJson(PrintStream o, Report r) {
        String first = r.stitched().keySet().iterator().next();
        ObjectNode root = Json.object().put("donor", r.donor()).put("host", hostRef).put("head", headFile.toString())
                .put("donor_layer", r.head().layer()).put("host_layer", r.hostLayer()).put("pooling", r.head().pooling().label())
                .put("examples", r.examples()).put("translation", first)
                .put("stitched_accuracy", r.stitched().get(first)).put("donor_accuracy", r.donorAccuracy());
        if (r.hostProbeAccuracy() == null) root.putNull("host_probe_accuracy");
        else root.put("host_probe_accuracy", r.hostProbeAccuracy());
        root.put("chance", r.chance());
        ObjectNode all = root.putObject("stitched_accuracies");
        r.stitched().forEach(all::put);
        if (!r.cuts().isEmpty()) {
            ArrayNode deep = root.putArray(sweep ? "sweep" : "deep");
            for (int c = 0; c < r.cuts().size(); c++) {
                ObjectNode point = deep.addObject().put("host_layers", r.cuts().get(c).hostBlocks())
                        .put("donor_from_layer", r.cuts().get(c).donorFrom());
                ObjectNode acc = point.putObject("accuracy");
                r.deep().get(c).forEach(acc::put);
            }
        }
        Json.document(o, root);
    }

    private void printText(PrintStream o, Report r) {
        o.printf(Locale.ROOT, "stitch: head of %s (layer %d, %s pooling) carried to %s (layer %d), %d examples of %s%n",
                r.donor(), r.head().layer(), r.head().pooling().label(), hostRef, r.hostLayer(), r.examples(), data);
        row(o, "donor accuracy", String.format(Locale.ROOT, "%.4f", r.donorAccuracy()));
        row(o, "host probe accuracy", r.hostProbeAccuracy() == null
                ? "n/a (no training data: give --train)" : String.format(Locale.ROOT, "%.4f", r.hostProbeAccuracy()));
        r.stitched().forEach((m, a) -> row(o, "stitched accuracy, " + m, String.format(Locale.ROOT, "%.4f", a)));
        row(o, "chance (majority label)", String.format(Locale.ROOT, "%.4f", r.chance()));
        if (r.cuts().isEmpty()) return;
        o.println();
        o.println("deeper stitching: host's first n blocks, translated, then the donor's from block m");
        for (int c = 0; c < r.cuts().size(); c++) {
            StitchedFeatures.Cut cut = r.cuts().get(c);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  n=%2d m=%2d", cut.hostBlocks(), cut.donorFrom()));
            for (var e : r.deep().get(c).entrySet()) {
                line.append(String.format(Locale.ROOT, "  %s %.4f %s", e.getKey(), e.getValue(), bar(e.getValue(), r.chance())));
            }
            o.println(line);
        }
    }

    private static void row(PrintStream o, String name, String value) {
        o.printf(Locale.ROOT, "  %-38s %s%n", name, value);
    }

    /** A bar from chance (empty) to 1 (full), so the curve reads at a glance. */
    private static String bar(double accuracy, double chance) {
        int width = 20;
        int filled = (int) Math.round(Math.max(0, (accuracy - chance) / Math.max(1e-9, 1 - chance)) * width);
        return "|" + "#".repeat(filled) + " ".repeat(width - filled) + "|";
    }
}
