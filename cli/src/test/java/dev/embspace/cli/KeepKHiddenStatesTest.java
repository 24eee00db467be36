package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code keepk --corpus}: the paper's third family, hidden states, on minilm-l6. */
class KeepKHiddenStatesTest {

    @TempDir
    Path tmp;

    @Test
    void hiddenStatesFromACorpusGetTheirOwnCurves() throws Exception {
        Path corpus = Files.writeString(tmp.resolve("corpus.txt"),
                "The jury said the election was conducted well.\n\nThe city council met on Friday to discuss the budget.\n");
        Cli.Result r = Cli.run("keepk", "-m", RealModels.minilm().toString(), "--corpus", corpus.toString(), "--samples", "12",
                "--points", "4", "--families", "hidden,random", "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        JsonNode families = Json.MAPPER.readTree(r.out()).get("families");
        assertEquals(2, families.size());
        JsonNode hidden = families.get("hidden");
        assertEquals(12, hidden.get("samples").asInt());
        JsonNode pinv = hidden.get("pseudo_inverse");
        // at k = V the pseudo-inverse reading is exact
        assertEquals(1.0, pinv.get(pinv.size() - 1).asDouble(), 1e-3);
        for (JsonNode v : hidden.get("transpose")) assertTrue(Math.abs(v.asDouble()) <= 1 + 1e-9);
    }

    @Test
    void theHiddenFamilyNeedsACorpus() throws Exception {
        Cli.Result r = Cli.run("keepk", "-m", RealModels.minilm().toString(), "--families", "hidden", "--quiet");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--corpus"), r::toString);
    }
}
