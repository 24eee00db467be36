/**
 * The zero-pass analyses of "Analyzing Transformers in Embedding Space" (Dar, Geva, Gupta, Berant)
 * and the static circuit scores of TransformerLens, each a pure function of {@link
 * dev.embspace.engine.model.Transformer}s and an options record, returning a result record.
 *
 * <ul>
 *   <li>{@code pairs}: {@link dev.embspace.engine.analysis.pairs.RelatedPairs}, top-k overlap of
 *       related parameters (FF key/value, W_V/W_O, W_Q/W_K) against a seeded shuffled pairing.</li>
 *   <li>{@code keepk}: {@link dev.embspace.engine.analysis.keepk.KeepK}, E^T versus the
 *       pseudo-inverse as the reading map under keep-k truncation.</li>
 *   <li>{@code align}: {@link dev.embspace.engine.analysis.align.Alignment}, Pearson correlation
 *       across a shared vocabulary through d x d kernels, Hungarian matching of layers.</li>
 *   <li>{@code diff}: {@link dev.embspace.engine.analysis.diff.ModelDiff}, fine-tuning differences
 *       read as tokens.</li>
 *   <li>circuits: {@link dev.embspace.engine.analysis.circuits.CircuitScores}, OV copying and
 *       Q/K/V composition scores from head-sized matrices.</li>
 * </ul>
 *
 * <p>Conventions: matrices hold one d-vector per row (see {@link dev.embspace.engine.model.Attention});
 * E is V x d and reads x as E x. Products whose inner dimension is the vocabulary or d_ff go through
 * {@link dev.embspace.engine.kernel.Gemm} or {@link dev.embspace.engine.project.Projector}; small
 * dense algebra (eigenvalues, pseudo-inverse) uses EJML in double precision. LayerNorm folding
 * ({@link dev.embspace.engine.analysis.ParameterVectors}) multiplies reading-side rows by the gain
 * of the norm they read, never touching writing-side rows or E.
 */
package dev.embspace.engine.analysis;
