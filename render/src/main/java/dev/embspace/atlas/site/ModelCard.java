package dev.embspace.atlas.site;

import dev.embspace.engine.model.EmbeddingSide;
import dev.embspace.engine.model.ModelSpec;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.WeightTally;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What the overview says about the model: family, sizes, dtypes, the files with their SHA-256 (so a
 * reader can tell which checkpoint the pages describe), which E and which LayerNorm convention.
 */
public record ModelCard(String ref, String architecture, String family, int vocabulary, int dModel, int layers,
                        int heads, int kvHeads, int headDim, int dFf, boolean gated, long parameters,
                        String dtypes, String embedding, String layerNorm, List<WeightFile> files) {

    public record WeightFile(String name, long bytes, String sha256) {
    }

    public static ModelCard of(LoadedModel m, EmbeddingSide side) {
        ModelSpec s = m.transformer().spec();
        WeightTally weights = WeightTally.of(m.store());
        List<WeightFile> files = new ArrayList<>();
        for (Path f : m.files()) files.add(new WeightFile(f.getFileName().toString(), size(f), sha256(f)));
        String embedding = s.tiedEmbeddings()
                ? "tied: the input embedding is also the output embedding (" + m.transformer().embedding(side).rows() + " x " + s.dModel() + ")"
                : (side == EmbeddingSide.OUTPUT ? "the output embedding (lm_head)" : "the input embedding")
                + ", " + m.transformer().embedding(side).rows() + " x " + s.dModel();
        String layerNorm = (s.postNorm() ? "post-LN (each sublayer's norm after its residual add, as BERT)"
                : "pre-LN (each sublayer reads a normed residual)")
                + "; parameter vectors as stored, LayerNorm gains not folded";
        return new ModelCard(m.ref(), s.modelType(), s.family().name().toLowerCase(Locale.ROOT), m.vocabulary().size(),
                s.dModel(), s.layers(), s.heads(), s.kvHeads(), s.headDim(), s.dFf(), m.transformer().block(0).mlp().gated(),
                weights.parameters(), weights.dtypesText(),
                embedding, layerNorm, files);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
