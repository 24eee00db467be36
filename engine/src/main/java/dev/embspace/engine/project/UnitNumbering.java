package dev.embspace.engine.project;

import dev.embspace.engine.model.VectorKind;
import dev.embspace.engine.model.VectorRef;

import java.util.ArrayList;
import java.util.List;

/**
 * The unit ids of a {@link ReverseIndex} that spans several layers and kinds: each block of vectors
 * (the rows of one kind in one layer, or a batch of them) takes the next run of ids, and an id
 * reads back as the vector's address.
 */
public final class UnitNumbering {

    private record Block(int first, int count, int layer, VectorKind kind, int firstIndex) {
    }

    private final List<Block> blocks = new ArrayList<>();
    private int next;

    /**
     * Numbers {@code count} vectors {@code L{layer}.{kind}.{firstIndex + i}} and returns the id of
     * the first: the {@code firstUnit} to project them with.
     */
    public int add(int layer, VectorKind kind, int firstIndex, int count) {
        if (count < 0 || (long) next + count > Integer.MAX_VALUE) throw new IllegalArgumentException("cannot number " + count + " more units");
        int first = next;
        if (count > 0) blocks.add(new Block(first, count, layer, kind, firstIndex)); // an empty block would shadow the next
        next += count;
        return first;
    }

    /** How many units are numbered. */
    public int size() {
        return next;
    }

    /** The address of unit {@code unit}. */
    public VectorRef vector(int unit) {
        if (unit < 0 || unit >= next) throw new IndexOutOfBoundsException("unit " + unit + " outside the " + next + " numbered");
        int lo = 0, hi = blocks.size() - 1;
        while (lo < hi) { // the last block starting at or before unit
            int mid = (lo + hi + 1) >>> 1;
            if (blocks.get(mid).first() <= unit) lo = mid;
            else hi = mid - 1;
        }
        Block b = blocks.get(lo);
        return new VectorRef(b.layer(), b.kind(), b.firstIndex() + unit - b.first());
    }
}
