package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.atlas.Atlas;
import dev.embspace.atlas.AtlasOptions;
import dev.embspace.atlas.serve.AtlasServer;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code atlas}: the whole model in embedding space as an offline site, or a server for one. */
@Command(name = "atlas", header = "The whole model in embedding space as a self-contained site.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes DIR/index.html and its assets: the model card and figures, a page per layer",
                "(every FF unit's top and bottom tokens), a page per head (exact OV and QK token pairs,",
                "copying and composition scores), unit pages and a token search. It opens from disk",
                "(file://) with no server and no network.",
                "",
                "--serve DIR serves an atlas on 127.0.0.1 instead."})
final class AtlasCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the site (refused if it exists, unless --force).")
    Path out;

    @Option(names = "-k", paramLabel = "K", defaultValue = "20",
            description = "Tokens per unit, pairs per head circuit, units per token (default 20).")
    int k;

    @Option(names = "--layers", paramLabel = "A-B", description = "Only these layers get pages (default: all); figures cover the whole model.")
    String layers;

    @Option(names = "--corpus", paramLabel = "FILE", description = "Text corpus (one text per line) for activation evidence, recall and the logit lens.")
    Path corpus;

    @Option(names = "--compare", paramLabel = "M2", description = "A second model sharing the vocabulary, for the alignment figures.")
    String compare;

    @Option(names = "--force", description = "Replace DIR if it exists.")
    boolean force;

    @Option(names = "--serve", paramLabel = "DIR", description = "Serve an existing atlas on localhost instead of building one.")
    Path serve;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "Port for --serve (default 8000; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (serve != null) return serve();
        if (out == null) throw new UsageException("atlas needs --out DIR (or --serve DIR)");
        Converters.requireK(k);
        checkOut();
        if (corpus != null && !Files.exists(corpus)) throw new NoSuchFileException(corpus.toString());
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress());
             LoadedModel other = compare == null ? null : ModelLoader.load(compare, GlobalOptions.progress())) {
            int[] range = layerRange(m.transformer().layers());
            AtlasOptions options = new AtlasOptions(k, range[0], range[1], corpus, compare, model.side);
            Atlas.Site site = Atlas.build(m, other, options, out, force, GlobalOptions.progress());
            System.err.printf(Locale.ROOT, "atlas: %.1f MB in %d files at %s (open %s)%n", site.bytes() / 1e6,
                    site.files(), site.directory(), site.directory().resolve("index.html").toUri());
        }
        return 0;
    }

    /** --out is checked before any work: an existing DIR needs --force, and must be a directory then. */
    private void checkOut() {
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) return;
        if (!force) throw new UsageException("--out " + out + " exists (use --force to replace it)");
        if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--out " + out + " exists and is not a directory; --force replaces only a directory");
        }
        if (!Files.isRegularFile(out.resolve("index.html"))) {
            throw new UsageException("--out " + out + " is a directory but not an atlas (no index.html); --force replaces only an atlas");
        }
    }

    /** --layers A-B (or one layer A) within the model; every layer when absent. */
    private int[] layerRange(int count) {
        if (layers == null) return new int[] {0, count - 1};
        String[] parts = layers.split("-", -1);
        try {
            int a = Integer.parseInt(parts[0].strip());
            int b = parts.length == 1 ? a : Integer.parseInt(parts[1].strip());
            if (parts.length > 2 || a < 0 || b < a || b >= count) throw new NumberFormatException();
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new UsageException("--layers '" + layers + "' is not a range A-B of layers 0.." + (count - 1));
        }
    }

    private int serve() throws IOException, InterruptedException {
        if (out != null) throw new UsageException("--serve and --out do not go together");
        if (port < 0 || port > 65535) throw new UsageException("--port " + port + " is not a port number");
        if (!Files.isDirectory(serve)) throw new NoSuchFileException(serve.toString());
        try (AtlasServer server = AtlasServer.start(serve, port)) {
            System.out.println(server.uri());
            System.out.flush();
            System.err.println("serving " + serve.toAbsolutePath().normalize() + " (Ctrl-C stops)");
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
