package dev.embspace.io.data;

import dev.embspace.io.UserFiles;
import dev.embspace.engine.BadInputException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unlabelled text for experiments that only run the model: a UTF-8 file with one document per
 * line, or a directory whose regular files (recursively, in name order) are one document each.
 * Blank documents are skipped.
 */
public final class TextCorpus {

    private TextCorpus() {
    }

    public static List<String> read(Path path) {
        if (!Files.exists(path)) throw new BadInputException(path, "no such file or directory");
        if (!Files.isDirectory(path)) UserFiles.requireRegularFile(path);
        List<String> documents = new ArrayList<>();
        if (Files.isDirectory(path)) {
            for (Path file : files(path)) {
                String text = readText(file).strip();
                if (!text.isEmpty()) documents.add(text);
            }
        } else {
            readText(path).lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(documents::add);
        }
        if (documents.isEmpty()) throw new BadInputException(path, "the corpus holds no text");
        return documents;
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list the corpus directory: " + e.getMessage(), e);
        }
    }

    private static String readText(Path file) {
        byte[] bytes = UserFiles.readAllBytes(file, UserFiles.MAX_DATA_BYTES, "the corpus file");
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "is not UTF-8 text");
        }
    }
}
