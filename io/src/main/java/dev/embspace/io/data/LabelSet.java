package dev.embspace.io.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The classes of a classifier, in a fixed order: class i is {@code names().get(i)}. The order comes
 * from the names alone (numeric when every label is an integer, else lexicographic), never from the
 * order examples appear in, so the same labels always give the same class indices and a head file's
 * rows line up with any data set carrying those labels.
 */
public final class LabelSet {

    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();

    private LabelSet(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) index.put(this.names.get(i), i);
    }

    /** The distinct labels of {@code labels}, ordered. */
    public static LabelSet of(Collection<String> labels) {
        boolean numeric = !labels.isEmpty() && labels.stream().allMatch(LabelSet::isInteger);
        Comparator<String> order = numeric
                ? Comparator.comparing((String s) -> s, LabelSet::compareIntegers).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        distinct.addAll(labels);
        return new LabelSet(new ArrayList<>(distinct));
    }

    /** Labels already in class order (as a head file stores them). */
    public static LabelSet ordered(List<String> names) {
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("duplicate label in " + names);
        }
        return new LabelSet(names);
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    public OptionalInt indexOf(String label) {
        Integer i = index.get(label);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /**
     * Integers compared by value in time linear in their digits (parsing a BigInteger is quadratic,
     * and a data file may hold a label of a million digits): sign, then length without leading
     * zeros, then digits.
     */
    static int compareIntegers(String a, String b) {
        boolean negA = a.startsWith("-"), negB = b.startsWith("-");
        String magA = magnitude(a), magB = magnitude(b);
        if (magA.equals("0") && magB.equals("0")) return 0;
        if (magA.equals("0")) return negB ? 1 : -1;
        if (magB.equals("0")) return negA ? -1 : 1;
        if (negA != negB) return negA ? -1 : 1;
        int byMagnitude = magA.length() != magB.length() ? Integer.compare(magA.length(), magB.length()) : magA.compareTo(magB);
        return negA ? -byMagnitude : byMagnitude;
    }

    private static String magnitude(String s) {
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') i++;
        return s.substring(i);
    }

    private static boolean isInteger(String s) {
        return s.matches("[+-]?[0-9]+");
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
