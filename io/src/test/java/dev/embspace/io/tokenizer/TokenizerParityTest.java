package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our tokenizers against the Hugging Face tokenizers library on the same inputs: thousands of
 * real English sentences from the Brown corpus plus hostile strings, on the three real
 * tokenizers and on GPT-2's byte-level BPE. The ids must be identical, and so must the tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenizerParityTest {

    /** Every 9th sentence of the corpus's ~57,000: over 6,000, from every genre. */
    private static final int SENTENCE_STEP = 9;

    @TempDir
    Path tmp;

    private List<String> corpus;

    @BeforeAll
    void loadCorpus() {
        List<String> sentences = BrownCorpus.sentences(SENTENCE_STEP);
        assertTrue(sentences.size() >= 5_000, "only " + sentences.size() + " sentences");
        corpus = new ArrayList<>(sentences);
        corpus.addAll(HostileStrings.all());
    }

    @Test
    void realBertTokenizersMatchTheLibrary() {
        for (String resource : RealTokenizers.RESOURCES) {
            Path dir = RealTokenizers.modelDir(tmp, resource);
            assertParity(resource, Tokenizers.load(dir), dir.resolve(TokenizerFiles.TOKENIZER_JSON));
        }
    }

    @Test
    void gpt2ByteLevelBpeMatchesTheLibraryFromBothFileLayouts() {
        Path json = Gpt2Files.tokenizerJson(tmp).resolve(TokenizerFiles.TOKENIZER_JSON);
        assertParity("gpt2 vocab.json + merges.txt", Tokenizers.load(Gpt2Files.vocabAndMerges(tmp)), json);
        assertParity("gpt2 tokenizer.json", Tokenizers.load(json.getParent()), json);
    }

    @Test
    void bertVocabTxtMatchesTheLibrary() throws IOException {
        // bert-base-uncased's vocab.txt, written out of the real vocabulary; e5's tokenizer.json is
        // the fast tokenizer transformers builds from it (and sets no truncation).
        Path json = RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(1));
        TokenVocabulary vocabulary = Vocabularies.load(json);
        Path dir = Files.createDirectories(tmp.resolve("bert-vocab-txt"));
        StringBuilder lines = new StringBuilder();
        for (int id = 0; id < vocabulary.size(); id++) lines.append(vocabulary.token(id)).append('\n');
        Files.writeString(dir.resolve(TokenizerFiles.VOCAB_TXT), lines);
        assertParity("bert vocab.txt", Tokenizers.load(dir), json.resolve(TokenizerFiles.TOKENIZER_JSON));
    }

    /**
     * The library takes only valid Unicode, so it has no answer for an unpaired surrogate; ours
     * replaces each with U+FFFD, and must then agree with the library given that replacement.
     * (DJL's bridge, given the raw string, garbles the whole text, valid emoji included.)
     */
    @Test
    void unpairedSurrogatesEncodeAsReplacementCharacters() {
        List<String> raw = HostileStrings.unpairedSurrogates();
        List<String> replaced = raw.stream().map(Tokenizer::replaceUnpairedSurrogates).toList();
        assertTrue(replaced.stream().allMatch(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE)));
        Path bert = RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(0));
        assertParity("unpaired surrogates, bert", Tokenizers.load(bert), bert.resolve(TokenizerFiles.TOKENIZER_JSON), raw, replaced);
        Path gpt2 = Gpt2Files.tokenizerJson(tmp).resolve(TokenizerFiles.TOKENIZER_JSON);
        assertParity("unpaired surrogates, gpt2", Tokenizers.load(gpt2.getParent()), gpt2, raw, replaced);
    }

    private void assertParity(String name, Tokenizer ours, Path oracleFile) {
        assertParity(name, ours, oracleFile, corpus, corpus);
    }

    private void assertParity(String name, Tokenizer ours, Path oracleFile, List<String> corpus) {
        assertParity(name, ours, oracleFile, corpus, corpus);
    }

    /** Ours on {@code corpus} against the library on {@code oracleCorpus}, text by text. */
    static void assertParity(String name, Tokenizer ours, Path oracleFile, List<String> corpus, List<String> oracleCorpus) {
        long start = System.nanoTime();
        List<Encoding> actual = ours.encodeBatch(corpus);
        long ourNanos = System.nanoTime() - start;
        start = System.nanoTime();
        List<HfOracle.Result> expected = HfOracle.encode(oracleFile, oracleCorpus);
        long theirNanos = System.nanoTime() - start;
        int identical = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            HfOracle.Result want = expected.get(i);
            Encoding got = actual.get(i);
            if (Arrays.equals(want.ids(), got.ids()) && want.tokens().equals(got.tokens())
                    && Arrays.equals(want.typeIds(), got.typeIds())) {
                identical++;
            } else if (mismatches.size() < 5) {
                mismatches.add(describe(corpus.get(i), want, got));
            }
        }
        // Timings are for the log only (the machine may be shared); performance is measured in bench.
        System.out.printf("parity %s: %d/%d texts identical (%d tokens); encoding took %.2f s here, %.2f s in the library (loading it included; 0 if reused)%n",
                name, identical, corpus.size(), actual.stream().mapToInt(Encoding::size).sum(), ourNanos / 1e9, theirNanos / 1e9);
        assertEquals(corpus.size(), identical, name + " differs from the library on " + (corpus.size() - identical)
                + " texts, e.g." + String.join("", mismatches));
    }

    /** The text and a window of both token lists around their first difference. */
    private static String describe(String text, HfOracle.Result want, Encoding got) {
        int first = 0;
        int[] gotIds = got.ids();
        while (first < Math.min(want.ids().length, gotIds.length) && want.ids()[first] == gotIds[first]
                && want.tokens().get(first).equals(got.tokens().get(first))) {
            first++;
        }
        int from = Math.max(0, first - 3);
        return "\n  text: " + abbreviate(text) + "\n  first difference at token " + first + " (lengths " + want.ids().length
                + " and " + gotIds.length + ")\n  want: " + window(want.tokens(), want.ids(), from) + "\n  got:  "
                + window(got.tokens(), gotIds, from);
    }

    private static String window(List<String> tokens, int[] ids, int from) {
        int to = Math.min(ids.length, from + 8);
        if (from >= to) return "(end)";
        return tokens.subList(from, to) + " " + Arrays.toString(Arrays.copyOfRange(ids, from, to));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
