package dev.embspace.engine.translate;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.Progress;
import dev.embspace.engine.forward.Batch;
import dev.embspace.engine.forward.Batches;
import dev.embspace.engine.forward.Capture;
import dev.embspace.engine.forward.ForwardPass;
import dev.embspace.engine.forward.ForwardResult;
import dev.embspace.engine.forward.Pooling;
import dev.embspace.engine.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * Model stitching through embedding space (the paper's deeper zero-shot variant): the host model B
 * reads a text through its first n blocks, its residual stream is translated into the donor A's
 * space token by token ({@link Translation}), A's blocks from m on continue, and A's residual after
 * the head's layer is pooled for A's head. With n = all of B's blocks and m past the head's layer,
 * no block of A runs: that is the plain translated head.
 */
public final class StitchedFeatures {

    /**
     * Where the two models are joined.
     *
     * @param hostBlocks how many of B's blocks run (0: B's embedding output alone)
     * @param donorFrom  the first of A's blocks to run on the translated stream
     */
    public record Cut(int hostBlocks, int donorFrom) {
    }

    private StitchedFeatures() {
    }

    /**
     * For each cut, n x d_A pooled features of {@code sequences} (token ids, none empty). B runs once
     * per batch for all the cuts; A once per cut.
     *
     * @param donorLayer the layer of A whose residual stream the head reads
     */
    public static List<Matrix> pooled(ForwardPass host, ForwardPass donor, Translation translation, List<Cut> cuts,
                                      int donorLayer, Pooling pooling, List<int[]> sequences, int batchTokens, Progress progress) {
        int hostLayers = host.model().layers();
        int donorLayers = donor.model().layers();
        if (donorLayer < 0 || donorLayer >= donorLayers) {
            throw new IllegalArgumentException("the head's layer " + donorLayer + " is outside the donor's 0.." + (donorLayers - 1));
        }
        for (Cut cut : cuts) {
            if (cut.hostBlocks() < 0 || cut.hostBlocks() > hostLayers) {
                throw new UsageException("--host-layers " + cut.hostBlocks() + " is outside 0.." + hostLayers);
            }
            if (cut.donorFrom() < 0 || cut.donorFrom() > donorLayer + 1) {
                throw new UsageException("--donor-from-layer " + cut.donorFrom() + " is outside 0.." + (donorLayer + 1)
                        + " (the head reads layer " + donorLayer + ")");
            }
        }
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 0) throw new IllegalArgumentException("text " + i + " has no tokens");
        }
        int d = translation.map().rows();
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < cuts.size(); c++) out.add(new float[Math.multiplyExact(sequences.size(), d)]);
        boolean anyBlocks = cuts.stream().anyMatch(c -> c.hostBlocks() > 0);

        progress.start("stitching " + host.model().name() + " into " + donor.model().name(), sequences.size());
        int row = 0;
        for (int[][] batch : Batches.of(sequences, Long.MAX_VALUE, batchTokens)) {
            Batch layout = Batch.of(batch);
            ForwardResult hostRun = anyBlocks ? host.run(batch, null, Capture.residualStream()) : null;
            for (int c = 0; c < cuts.size(); c++) {
                Cut cut = cuts.get(c);
                Matrix hostStream = cut.hostBlocks() == 0 ? host.residualAfter(batch, 0) : hostRun.layer(cut.hostBlocks() - 1).residual();
                Matrix translated = translation.apply(hostStream);
                Matrix states = cut.donorFrom() > donorLayer ? translated
                        : donor.resume(batch, translated, cut.donorFrom(), Capture.residualStream().onlyLayers(l -> l == donorLayer))
                        .layer(donorLayer).residual();
                float[] features = out.get(c);
                for (int s = 0; s < batch.length; s++) {
                    System.arraycopy(pooling.pool(layout.rows(states, s)), 0, features, (row + s) * d, d);
                }
            }
            row += batch.length;
            progress.advance(batch.length);
        }
        progress.finish();
        return out.stream().map(f -> Matrix.wrap(f, sequences.size(), d)).toList();
    }
}
