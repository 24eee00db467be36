/**
 * Vocabularies and tokenizers, read from the files Hugging Face checkpoints ship.
 *
 * <p><b>Vocabularies</b> ({@link dev.embspace.io.tokenizer.Vocabularies#load}) map ids to tokens
 * and back for the projections, from {@code tokenizer.json}, GPT-2's {@code vocab.json} or BERT's
 * {@code vocab.txt} ({@link dev.embspace.io.tokenizer.TokenizerFiles} says which wins). Each token
 * also has a readable form ({@link dev.embspace.io.tokenizer.TokenStyle}): GPT-2's bytes decoded,
 * a word-initial marker ('Ġ', '▁') shown as a real leading space, WordPiece's "##" kept, stray bytes
 * and control characters written {@code <0xE2>}.
 *
 * <p><b>Tokenizers</b> ({@link dev.embspace.io.tokenizer.Tokenizers#load}) encode text exactly as
 * the Hugging Face tokenizers library does, stage by stage, with one class per library component:
 * <ol>
 *   <li>{@link dev.embspace.io.tokenizer.AddedVocabulary}: special and added tokens are cut out first;</li>
 *   <li>{@link dev.embspace.io.tokenizer.Normalizer}: the rest is normalized (BertNormalizer, NFD,
 *       Lowercase, Replace, Prepend, SentencePiece's Precompiled charsmap, ...);</li>
 *   <li>{@link dev.embspace.io.tokenizer.PreTokenizer}: and split into pieces (BertPreTokenizer,
 *       ByteLevel, Metaspace, Split, ...), each a {@link dev.embspace.io.tokenizer.Piece};</li>
 *   <li>{@link dev.embspace.io.tokenizer.TokenModel}: each piece becomes tokens (WordPiece, BPE, WordLevel, Unigram);</li>
 *   <li>{@link dev.embspace.io.tokenizer.Truncation} and {@link dev.embspace.io.tokenizer.PostProcessor}:
 *       the sequence is cut to length and wrapped in special tokens.</li>
 * </ol>
 * Faithfulness is checked by tests that run the library itself (test scope only) on the same
 * inputs. Where the library's behaviour rests on its own Unicode tables, ours follow them
 * ({@link dev.embspace.io.tokenizer.OldUnicode}, {@link dev.embspace.io.tokenizer.UnicodeClasses},
 * and Unicode 9.0 normalization forms, {@link dev.embspace.io.tokenizer.FrozenNormalization}).
 */
package dev.embspace.io.tokenizer;
