package dev.embspace.io.tokenizer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical normalization forms against the library (see {@link NormalizationParity}). */
class CanonicalNormalizationParityTest extends NormalizationParity {

    @ParameterizedTest
    @ValueSource(strings = {"NFC", "NFD"})
    void everyCodePointAndBrownSentences(String form) {
        check(form);
    }
}
