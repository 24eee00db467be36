package dev.embspace.io.tokenizer;

import dev.embspace.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * A binary copy of a {@link TokenVocabulary}, kept beside the models embspace imports into its
 * cache: reading 30,000 strings from it takes a few milliseconds, where parsing the tokenizer.json
 * they come from (with its merges and settings) took a third of a second of a short command's
 * start. It records the size and modification time of the file it was made from and is ignored
 * (and rewritten) when they no longer match, or when it cannot be read; it is only ever a cache.
 */
final class CompactVocabulary {

    /** The file's name in a model directory. */
    static final String FILE = "vocabulary.embspace";

    private static final int MAGIC = 0x656D6256; // "embV"
    private static final int VERSION = 1;

    private CompactVocabulary() {
    }

    /** The vocabulary stored in {@code file} for {@code source} as it is now, or null. */
    static TokenVocabulary read(Path file, Path source) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) return null;
            if (in.readLong() != Files.size(source) || in.readLong() != Files.getLastModifiedTime(source).toMillis()) {
                return null;
            }
            TokenStyle style = TokenStyle.valueOf(in.readUTF());
            String[] tokens = new String[in.readInt()];
            for (int id = 0; id < tokens.length; id++) tokens[id] = in.readBoolean() ? in.readUTF() : null;
            int idCount = in.readInt();
            Map<String, Integer> ids = HashMap.newHashMap(idCount);
            for (int i = 0; i < idCount; i++) ids.put(in.readUTF(), in.readInt());
            long[] addedWords = new long[in.readInt()];
            for (int i = 0; i < addedWords.length; i++) addedWords[i] = in.readLong();
            return new TokenVocabulary(tokens, ids, BitSet.valueOf(addedWords), style);
        } catch (NoSuchFileException absent) {
            return null;
        } catch (IOException | RuntimeException unreadable) {
            return null; // a damaged or foreign file: the tokenizer file is parsed instead
        }
    }

    /** Writes {@code vocabulary}, made from {@code source}, to {@code file}; a failure only costs speed. */
    static void write(Path file, Path source, TokenVocabulary vocabulary) {
        try {
            long size = Files.size(source);
            long modified = Files.getLastModifiedTime(source).toMillis();
            AtomicFiles.write(file, raw -> {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(size);
                out.writeLong(modified);
                out.writeUTF(vocabulary.style().name());
                String[] tokens = vocabulary.tokens();
                out.writeInt(tokens.length);
                for (String token : tokens) {
                    out.writeBoolean(token != null);
                    if (token != null) out.writeUTF(token);
                }
                Map<String, Integer> ids = vocabulary.ids();
                out.writeInt(ids.size());
                for (Map.Entry<String, Integer> e : ids.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue());
                }
                long[] added = vocabulary.added().toLongArray();
                out.writeInt(added.length);
                for (long word : added) out.writeLong(word);
                out.flush();
            });
        } catch (IOException | RuntimeException e) {
            // read-only cache, full disk, a token too long for the format: parse again next time
        }
    }
}
