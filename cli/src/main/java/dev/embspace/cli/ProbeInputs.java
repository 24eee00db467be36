package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.probe.ResidualFeatures;
import dev.embspace.engine.tensor.Matrix;
import dev.embspace.io.data.LabelSet;
import dev.embspace.io.data.LabelledData;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** What probe and stitch share: texts to token ids, ids to pooled features, and the accuracy of chance. */
final class ProbeInputs {

    /** Tokens per forward batch: large enough to keep the kernels busy, small enough for the heap. */
    static final int BATCH_TOKENS = 4096;

    private ProbeInputs() {
    }

    /** The model's token ids for every text, cut to {@code maxTokens} (null: the model's own limit). */
    static List<int[]> tokenize(LoadedModel model, LabelledData data, Integer maxTokens, Progress progress) {
        Tokenizer tokenizer = model.tokenizer();
        if (maxTokens != null) {
            Converters.requirePositive("--max-tokens", maxTokens);
            int limit = tokenizer.truncation() == null ? maxTokens : Math.min(maxTokens, tokenizer.truncation().maxLength());
            tokenizer = tokenizer.withMaxLength(limit);
        }
        progress.message("tokenizing " + data.size() + " texts of " + data.source() + " for " + model.ref());
        List<int[]> ids = new ArrayList<>(data.size());
        for (Encoding e : tokenizer.encodeBatch(data.texts())) {
            if (e.size() == 0) {
                // the data's content: a text the model cannot see at all is bad input, named by its line
                throw new BadInputException(data.source(), "line " + data.examples().get(ids.size()).line()
                        + ": the text encodes to no tokens in the vocabulary of " + model.ref());
            }
            ids.add(e.ids());
        }
        return ids;
    }

    /** Pooled residual-stream features of every text of {@code data} at {@code layer}. */
    static Matrix features(LoadedModel model, LabelledData data, int layer, Pooling pooling, Integer maxTokens, Progress progress) {
        List<int[]> ids = tokenize(model, data, maxTokens, progress);
        return ResidualFeatures.pooled(ForwardPass.of(model.transformer()), ids, layer, pooling, BATCH_TOKENS, progress);
    }

    /** The classes a classifier learns from {@code train}: at least two. */
    static LabelSet trainingLabels(LabelledData train) {
        LabelSet labels = train.labels();
        if (labels.size() < 2) {
            throw new BadInputException(train.source(), "a classifier needs at least two labels, found only " + labels);
        }
        return labels;
    }

    /** The accuracy of always answering the most frequent class: the bar a classifier must clear. */
    static double chance(int[] classes, int classCount) {
        int[] counts = new int[classCount];
        for (int c : classes) counts[c]++;
        int max = 0;
        for (int n : counts) max = Math.max(max, n);
        return (double) max / classes.length;
    }

    /** The layer a --layer option names: null is the last; negative counts from the end. */
    static int layer(Integer option, int layers) {
        if (option == null) return layers - 1;
        int layer = option < 0 ? layers + option : option;
        if (layer < 0 || layer >= layers) {
            throw new UsageException("--layer " + option + " is out of range (the model has " + layers + " layers: 0.." + (layers - 1) + ")");
        }
        return layer;
    }
}
