package dev.embspace.io.data;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/**
 * The labelled examples of one file. Reading it (see {@link LabelledDataFiles}) checks each example
 * on its own; checks that need a second file, such as a test label the classifier was never
 * trained on, happen in {@link #classIndices(LabelSet)}.
 */
public record LabelledData(Path source, List<LabelledExample> examples) {

    public LabelledData {
        examples = List.copyOf(examples);
        if (examples.isEmpty()) throw new BadInputException(source, "no examples");
    }

    public int size() {
        return examples.size();
    }

    public List<String> texts() {
        return examples.stream().map(LabelledExample::text).toList();
    }

    /** The labels present in this file, ordered (see {@link LabelSet}). */
    public LabelSet labels() {
        return LabelSet.of(examples.stream().map(LabelledExample::label).toList());
    }

    /**
     * Each example's class index in {@code classes}, the labels a classifier was trained on.
     *
     * @throws BadInputException naming the file and line of the first label not in {@code classes}
     */
    public int[] classIndices(LabelSet classes) {
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            LabelledExample e = examples.get(i);
            OptionalInt c = classes.indexOf(e.label());
            if (c.isEmpty()) {
                throw new BadInputException(source, "line " + e.line() + ": label '" + e.label()
                        + "' is not among the training labels " + classes);
            }
            out[i] = c.getAsInt();
        }
        return out;
    }

    /**
     * At most {@code max} examples, drawn without replacement by a seeded shuffle (so a bounded run
     * still sees every class in proportion, not just the head of a sorted file), kept in file order.
     */
    public LabelledData sample(int max, long seed) {
        if (max < 1) throw new UsageException("--max-examples must be at least 1, got " + max);
        if (max >= examples.size()) return this;
        List<Integer> order = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(seed));
        List<Integer> kept = new ArrayList<>(order.subList(0, max));
        Collections.sort(kept);
        return new LabelledData(source, kept.stream().map(examples::get).toList());
    }

    /**
     * Splits off a held-out part: {@code fraction} of each class (at least one example of a class
     * with two or more), chosen by a seeded shuffle. Stratified so a small or skewed file still
     * tests every class.
     */
    public Split split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new UsageException("--held-out must be in (0, 1), got " + fraction);
        }
        List<LabelledExample> train = new ArrayList<>();
        List<LabelledExample> heldOut = new ArrayList<>();
        Random rng = new Random(seed);
        for (String label : labels().names()) {
            List<LabelledExample> members = new ArrayList<>(examples.stream().filter(e -> e.label().equals(label)).toList());
            Collections.shuffle(members, rng);
            int held = members.size() < 2 ? 0 : Math.max(1, (int) Math.round(members.size() * fraction));
            heldOut.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        if (heldOut.isEmpty()) {
            throw new BadInputException(source, "too few examples to hold any out (every class has a single example)");
        }
        Comparator<LabelledExample> byLine = Comparator.comparingLong(LabelledExample::line);
        train.sort(byLine);
        heldOut.sort(byLine);
        return new Split(new LabelledData(source, train), new LabelledData(source, heldOut));
    }

    /** A training part and a held-out part of one file. */
    public record Split(LabelledData train, LabelledData heldOut) {
    }
}
