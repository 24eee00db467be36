package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.UserFiles;
import dev.embspace.io.gguf.GgufFile;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelAliases;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;
import dev.embspace.io.tokenizer.Tokenizers;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tokenize}: the ids and tokens the model's tokenizer makes of a text, special tokens
 * included; with {@code --file}, of every line of a file (or stdin) as JSON Lines, in one JVM. The
 * model may be a directory holding only a tokenizer (tokenizer.json, vocab.json + merges.txt,
 * vocab.txt, or a .gguf file), which is then parsed once and nothing else is read.
 */
@Command(name = "tokenize", header = "Ids and tokens the model's tokenizer makes of a text.", mixinStandardHelpOptions = true,
        description = {"Encode a text (--text), or every line of a file (--file F, '-' for stdin, as JSON Lines), "
                + "with the model's tokenizer: ids and tokens, special tokens included.",
                "-m may be a directory holding only a tokenizer (tokenizer.json, vocab.json + merges.txt, vocab.txt, "
                        + "or a .gguf file)."})
final class TokenizeCommand implements Callable<Integer> {

    /** Lines encoded per batch: enough to keep both threads busy, few enough to stream a large file. */
    private static final int BATCH = 4096;

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "STR", description = "The text to encode.")
        String text;

        @Option(names = "--file", paramLabel = "F", description = "Encode each line of F ('-' for stdin); JSON Lines out.")
        String file;
    }

    @Override
    public Integer call() throws IOException {
        Path resolved = ModelAliases.resolve(model.ref, GlobalOptions.progress()::message);
        if (isTokenizerOnly(resolved)) {
            Tokenizer tokenizer = Tokenizers.load(resolved);
            encode(tokenizer, tokenizer.vocabulary());
        } else {
            try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
                encode(m.tokenizer(), m.vocabulary());
            }
        }
        return 0;
    }

    /**
     * A directory without config.json, or a GGUF file (whose metadata holds the tokenizer): only the
     * tokenizer is read, once, and texts are not truncated to a model's context.
     */
    private static boolean isTokenizerOnly(Path resolved) {
        if (Files.isRegularFile(resolved)) return GgufFile.looksLikeGguf(resolved);
        return Files.isDirectory(resolved) && !Files.exists(resolved.resolve("config.json"));
    }

    private void encode(Tokenizer tokenizer, Vocabulary vocabulary) throws IOException {
        if (input.text != null) {
            Encoding encoding = tokenizer.encode(input.text);
            if (GlobalOptions.json()) {
                Json.document(System.out, json(encoding));
            } else {
                for (int i = 0; i < encoding.size(); i++) {
                    System.out.printf("%6d  %s%n", encoding.id(i), TokenText.quote(vocabulary.readable(encoding.id(i))));
                }
            }
            return;
        }
        try (BufferedReader lines = open(input.file)) {
            List<String> batch = new ArrayList<>(BATCH);
            for (String line = readLine(lines); line != null; line = readLine(lines)) {
                batch.add(line);
                if (batch.size() == BATCH) flush(tokenizer, batch);
            }
            flush(tokenizer, batch);
        }
        System.out.flush();
    }

    private static void flush(Tokenizer tokenizer, List<String> batch) {
        for (Encoding e : tokenizer.encodeBatch(batch)) Json.line(System.out, json(e));
        batch.clear();
    }

    private static ObjectNode json(Encoding encoding) {
        ObjectNode root = Json.object();
        ArrayNode ids = root.putArray("ids");
        for (int id : encoding.ids()) ids.add(id);
        ArrayNode tokens = root.putArray("tokens");
        encoding.tokens().forEach(tokens::add);
        return root;
    }

    /**
     * The next line, cut to the {@link Tokenizer#MAX_TEXT_CHARS} the tokenizer reads (the rest of a
     * longer line is skipped, not held), so a 100 MB line costs bounded memory; null at the end.
     */
    private String readLine(BufferedReader lines) throws IOException {
        try {
            StringBuilder line = new StringBuilder();
            int c = lines.read();
            if (c < 0) return null;
            for (; c >= 0 && c != '\n'; c = lines.read()) {
                if (line.length() < Tokenizer.MAX_TEXT_CHARS) line.append((char) c);
            }
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
            return line.toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException((input.file.equals("-") ? "stdin" : input.file) + ": not valid UTF-8 text");
        }
    }

    private static BufferedReader open(String file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (file.equals("-")) return new BufferedReader(new InputStreamReader(System.in, decoder));
        Path path = Path.of(file);
        UserFiles.requireRegularFile(path);
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
