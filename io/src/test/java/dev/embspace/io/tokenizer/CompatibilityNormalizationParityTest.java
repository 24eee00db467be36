package dev.embspace.io.tokenizer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compatibility normalization forms against the library (see {@link NormalizationParity}). */
class CompatibilityNormalizationParityTest extends NormalizationParity {

    @ParameterizedTest
    @ValueSource(strings = {"NFKC", "NFKD"})
    void everyCodePointAndBrownSentences(String form) {
        check(form);
    }
}
