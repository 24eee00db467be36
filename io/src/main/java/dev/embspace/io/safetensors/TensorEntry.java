package dev.embspace.io.safetensors;

/**
 * One tensor as a safetensors header describes it: its dtype, shape and byte range within the data
 * region (which starts right after the header). Validated by {@link SafetensorsHeader}.
 *
 * @param begin first byte, relative to the data region
 * @param end   one past the last byte, relative to the data region
 */
record TensorEntry(String name, SafetensorsDType dtype, int[] shape, long begin, long end) {

    long byteLength() {
        return end - begin;
    }
}
