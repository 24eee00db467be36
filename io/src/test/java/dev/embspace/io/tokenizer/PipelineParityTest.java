package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline components that the real tokenizers leave unused, each in a tokenizer.json of a
 * layout real models use (see {@link SyntheticTokenizers}), against the Hugging Face library on
 * real sentences and hostile strings. Ids and tokens must be identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineParityTest {

    /** Every 30th sentence of the Brown corpus, about 1,900. */
    private static final int SENTENCE_STEP = 30;

    @TempDir
    static Path tmp;

    private List<String> corpus;
    private Path gpt2Json;
    private Path bertJson;

    @BeforeAll
    void load() {
        corpus = new ArrayList<>(BrownCorpus.sentences(SENTENCE_STEP));
        assertTrue(corpus.size() > 1_500, "only " + corpus.size() + " sentences");
        corpus.addAll(HostileStrings.all());
        gpt2Json = Gpt2Files.tokenizerJson(tmp).resolve(TokenizerFiles.TOKENIZER_JSON);
        bertJson = RealTokenizers.modelDir(tmp, RealTokenizers.RESOURCES.get(1)).resolve(TokenizerFiles.TOKENIZER_JSON);
    }

    @Test
    void sentencePieceBpeWithByteFallbackLikeLlama2() {
        check("llama-style", SyntheticTokenizers::llamaStyle, gpt2Json);
    }

    @Test
    void metaspaceRobertaAddedTokensAndLeftTruncation() {
        check("metaspace-style", SyntheticTokenizers::metaspaceStyle, gpt2Json);
    }

    @Test
    void regexSplitWithIgnoreMergesLikeLlama3() {
        check("regex-split-style", SyntheticTokenizers::regexSplitStyle, gpt2Json);
    }

    @Test
    void wordPieceBehindSeparateNormalizersAndDigits() {
        check("wordpiece-style", SyntheticTokenizers::wordPieceStyle, bertJson);
    }

    @Test
    void wordLevelWithEverySplitBehaviour() {
        check("wordlevel-style", SyntheticTokenizers::wordLevelStyle, bertJson);
    }

    private void check(String name, Function<Path, ObjectNode> layout, Path source) {
        Path dir = SyntheticTokenizers.write(tmp.resolve(name), layout.apply(source));
        TokenizerParityTest.assertParity(name, Tokenizers.load(dir), dir.resolve(TokenizerFiles.TOKENIZER_JSON), corpus, corpus);
    }
}
