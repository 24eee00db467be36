package dev.embspace.io.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a SentencePiece {@code precompiled_charsmap} from a few rules, for tests: the format
 * {@link PrecompiledNormalizer} reads (u32 trie byte count, darts-clone double-array units,
 * NUL-terminated replacement pool). A greedy double-array builder: each node gets the smallest
 * offset at which its children (and its value slot, label 0) land on free units.
 */
public final class CharsmapEncoder {

    private CharsmapEncoder() {
    }

    public static byte[] encode(Map<String, String> rules) {
        ByteArrayOutputStream pool = new ByteArrayOutputStream();
        Node root = new Node();
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            Node node = root;
            for (byte b : rule.getKey().getBytes(StandardCharsets.UTF_8)) node = node.children.computeIfAbsent(b & 0xFF, k -> new Node());
            node.value = pool.size();
            pool.writeBytes(rule.getValue().getBytes(StandardCharsets.UTF_8));
            pool.write(0);
        }
        int[] units = new int[1024];
        boolean[] used = new boolean[units.length];
        used[0] = true;
        ArrayDeque<Node> queue = new ArrayDeque<>();
        root.position = 0;
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            int offset = 1;
            while (!fits(node, node.position ^ offset, used)) offset++;
            int base = node.position ^ offset;
            int needed = base | 0x1FF;
            if (needed >= units.length) {
                int size = Integer.highestOneBit(needed) << 1;
                units = Arrays.copyOf(units, size);
                used = Arrays.copyOf(used, size);
            }
            units[node.position] |= (offset << 10) | (node.value >= 0 ? 1 << 8 : 0);
            if (node.value >= 0) {
                used[base] = true;
                units[base] = 0x80000000 | node.value;
            }
            for (Map.Entry<Integer, Node> child : node.children.entrySet()) {
                int position = base ^ child.getKey();
                used[position] = true;
                units[position] = child.getKey();
                child.getValue().position = position;
                queue.add(child.getValue());
            }
        }
        // Like darts-clone, whole blocks of 256 units, so that every byte tried at a node lands inside the array.
        int length = units.length;
        while (length > 256 && !used[length - 1]) length--;
        length = (length + 255) & ~255;
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * length + pool.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(4 * length);
        for (int i = 0; i < length; i++) out.putInt(units[i]);
        out.put(pool.toByteArray());
        return out.array();
    }

    private static boolean fits(Node node, int base, boolean[] used) {
        if (node.value >= 0 && taken(base, used)) return false;
        for (int label : node.children.keySet()) if (taken(base ^ label, used)) return false;
        return true;
    }

    private static boolean taken(int position, boolean[] used) {
        return position < used.length && used[position];
    }

    private static final class Node {
        final Map<Integer, Node> children = new TreeMap<>();
        int value = -1;
        int position;
    }
}
