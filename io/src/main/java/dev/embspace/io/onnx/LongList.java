package dev.embspace.io.onnx;

import java.util.Arrays;

/**
 * A growable array of primitive longs. Repeated int64 fields of a hostile file may hold a hundred
 * million values; boxing each into a List would multiply the memory by six.
 */
final class LongList {

    private long[] values = new long[8];
    private int size;

    void add(long v) {
        if (size == values.length) values = Arrays.copyOf(values, Math.multiplyExact(values.length, 2));
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
