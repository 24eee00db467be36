package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.probe.LinearHead;
import dev.embspace.engine.probe.LogisticRegression;
import dev.embspace.engine.project.Projection;
import dev.embspace.engine.project.Projector;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.data.LabelSet;
import dev.embspace.io.data.LabelledData;
import dev.embspace.io.data.LabelledDataFiles;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.probe.HeadFile;
import dev.embspace.io.probe.ProbeHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code probe}: a linear classifier on a model's frozen features, written as a head file that
 * {@code stitch} can carry to another model, with each class's direction read in embedding space.
 */
@Command(name = "probe", header = "Train a linear classifier on a model's frozen features.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a linear probe (multinomial logistic regression with L2) on a model's frozen",
                "features: the residual stream after --layer, pooled over each text's tokens. Reports",
                "training and held-out accuracy and the top tokens of each class direction in",
                "embedding space, and writes the head for 'embspace stitch'.",
                "",
                "Data files: JSON Lines {\"text\": str, \"label\": str|int} or CSV with text and label columns."})
final class ProbeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Labelled training data.")
    Path train;

    @Option(names = "--test", paramLabel = "FILE",
            description = "Labelled held-out data (default: --held-out of the training file, split by --seed).")
    Path test;

    @Option(names = "--out", required = true, paramLabel = "HEAD.safetensors", description = "Where to write the head.")
    Path out;

    @Option(names = "--layer", paramLabel = "L", description = "Layer whose residual stream is read (default: the last; -1 counts from the end).")
    Integer layer;

    @Option(names = "--pool", paramLabel = "mean|cls|last", defaultValue = "mean", converter = Converters.PoolingConverter.class,
            description = "How a text's tokens become one vector (default mean).")
    Pooling pooling;

    @Option(names = "--held-out", paramLabel = "F", defaultValue = "0.2",
            description = "Share of each label held out when there is no --test (default 0.2).")
    double heldOutFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seeds the held-out split and --max-examples sampling (default 0).")
    long seed;

    @Option(names = "--l2", paramLabel = "LAMBDA", defaultValue = "1e-3", description = "L2 penalty on the standardised weights (default 1e-3).")
    double l2;

    @Option(names = "--max-examples", paramLabel = "N", description = "Use at most N training and N held-out examples (a seeded sample).")
    Integer maxExamples;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Cut each text to N tokens (default: the model's maximum).")
    Integer maxTokens;

    @Option(names = "-k", paramLabel = "K", defaultValue = "10", description = "Top tokens shown per class direction (default 10).")
    int k;

    @Mixin
    TokenFilterOptions tokens;

    @Override
    public Integer call() throws IOException {
        Converters.requireK(k);
        OutputPath.distinct("--train", train, "--test", test);
        List<Path> inputs = new ArrayList<>(OutputPath.modelFiles(model.ref));
        inputs.add(train);
        if (test != null) inputs.add(test);
        OutputPath.file("--out", out, inputs);
        LogisticRegression.Options options = new LogisticRegression.Options(l2, LogisticRegression.Options.DEFAULT.maxIterations(),
                LogisticRegression.Options.DEFAULT.gradientTolerance());
        LabelledData trainData = LabelledDataFiles.read(train);
        LabelledData heldOut;
        if (test != null) {
            heldOut = LabelledDataFiles.read(test);
        } else {
            LabelledData.Split split = trainData.split(heldOutFraction, seed);
            trainData = split.train();
            heldOut = split.heldOut();
        }
        if (maxExamples != null) {
            Converters.requirePositive("--max-examples", maxExamples);
            trainData = trainData.sample(maxExamples, seed);
            heldOut = heldOut.sample(maxExamples, seed + 1);
        }
        LabelSet labels = ProbeInputs.trainingLabels(trainData);
        int[] yTrain = trainData.classIndices(labels);
        int[] yHeldOut = heldOut.classIndices(labels);

        Progress progress = GlobalOptions.progress();
        try (LoadedModel m = ModelLoader.load(model.ref, progress)) {
            int readLayer = ProbeInputs.layer(layer, m.transformer().layers());
            Matrix xTrain = ProbeInputs.features(m, trainData, readLayer, pooling, maxTokens, progress);
            Matrix xHeldOut = ProbeInputs.features(m, heldOut, readLayer, pooling, maxTokens, progress);
            progress.message("fitting logistic regression on " + xTrain.rows() + " examples of " + xTrain.cols() + " features");
            LogisticRegression.Fit fit = LogisticRegression.fit(xTrain, yTrain, labels.size(), options);
            LinearHead head = fit.head();
            double trainAccuracy = head.accuracy(xTrain, yTrain);
            double heldOutAccuracy = head.accuracy(xHeldOut, yHeldOut);
            double chance = ProbeInputs.chance(yHeldOut, labels.size());

            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("train_file", train.toAbsolutePath().toString());
            meta.put("train_examples", Integer.toString(xTrain.rows()));
            meta.put("train_accuracy", Double.toString(trainAccuracy));
            meta.put("held_out_accuracy", Double.toString(heldOutAccuracy));
            meta.put("l2", Double.toString(l2));
            if (maxTokens != null) meta.put("max_tokens", Integer.toString(maxTokens));
            HeadFile.write(out, new ProbeHead(model.ref, readLayer, pooling, labels, head, mean(fit)), meta);

            // each class's direction is a vector of the model's space: read it through E like any parameter
            List<Projection> directions = Projector.project(m.transformer().embedding(model.side), head.weights(), k, false,
                    tokens.allowed(m.vocabulary()));
            Result r = new Result(m, readLayer, labels, xTrain.rows(), xHeldOut.rows(), trainAccuracy, heldOutAccuracy, chance,
                    fit, directions);
            if (GlobalOptions.json()) printJson(System.out, r);
            else printText(System.out, r);
        }
        return 0;
    }

    private static float[] mean(LogisticRegression.Fit fit) {
        double[] mean = fit.standardizer().mean();
        float[] out = new float[mean.length];
        for (int j = 0; j < out.length; j++) out[j] = (float) mean[j];
        return out;
    }

    private record Result(LoadedModel model, int layer, LabelSet labels, int trainExamples, int heldOutExamples,
                          double trainAccuracy, double heldOutAccuracy, double chance, LogisticRegression.Fit fit,
                          List<Projection> directions) {
    }

    private void printJson(PrintStream o, Result r) {
        ObjectNode root = Json.object()
                .put("model", model.ref).put("layer", r.layer()).put("pooling", pooling.label()).put("head", out.toString());
        ArrayNode labelNames = root.putArray("labels");
        r.labels().names().forEach(labelNames::add);
        root.put("train_examples", r.trainExamples()).put("held_out_examples", r.heldOutExamples())
                .put("train_accuracy", r.trainAccuracy()).put("held_out_accuracy", r.heldOutAccuracy()).put("chance", r.chance())
                .put("iterations", r.fit().iterations()).put("converged", r.fit().converged());
        ArrayNode classes = root.putArray("classes");
        for (int c = 0; c < r.labels().size(); c++) {
            ObjectNode node = classes.addObject().put("label", r.labels().name(c));
            node.set("top", TokenText.json(r.directions().get(c).top(), r.model().vocabulary()));
        }
        Json.document(o, root);
    }

    private void printText(PrintStream o, Result r) {
        o.printf(Locale.ROOT, "probe on %s, layer %d, %s pooling: %d training and %d held-out examples, labels %s%n",
                model.ref, r.layer(), pooling.label(), r.trainExamples(), r.heldOutExamples(), r.labels());
        o.printf(Locale.ROOT, "  train accuracy     %.4f%n  held-out accuracy  %.4f%n  chance (majority)  %.4f%n",
                r.trainAccuracy(), r.heldOutAccuracy(), r.chance());
        if (!r.fit().converged()) o.printf("  (L-BFGS stopped after %d iterations before converging)%n", r.fit().iterations());
        o.println("head written to " + out);
        o.println();
        o.println("class directions in embedding space (top " + k + " tokens)");
        for (int c = 0; c < r.labels().size(); c++) {
            TokenText.line(o, "  " + r.labels().name(c), r.directions().get(c).top(), r.model().vocabulary());
        }
    }
}
