package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.vocab.TokenClasses;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's conventions on {@code heads} (minilm-l6): string-normalised --exclude-same, --bottom, --fold-ln. */
class HeadsConventionsTest {

    private static JsonNode heads(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("heads", "-m", RealModels.minilm().toString(), "--layer", "5", "--head", "7",
                "--format", "json"));
        args.addAll(List.of(extra));
        if (!args.contains("-k")) args.addAll(List.of("-k", "50"));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    private static boolean sameString(JsonNode pair) {
        return TokenClasses.normalise(pair.get("from").get("token").asText())
                .equals(TokenClasses.normalise(pair.get("to").get("token").asText()));
    }

    /** L5 head 7 of minilm pairs 'link' with '##link': the id rule keeps that pair, the string rule drops it and only it. */
    @Test
    void excludeSameComparesNormalisedStrings() throws Exception {
        JsonNode byId = heads("--exclude-same", "id").get("pairs");
        JsonNode byString = heads("--exclude-same").get("pairs");
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (JsonNode p : byId) {
            if (sameString(p)) dropped++;
            else kept.add(p.get("from").get("id") + ">" + p.get("to").get("id"));
        }
        assertTrue(dropped > 0, "the id rule keeps a pair like 'link' -> '##link'");
        for (JsonNode p : byString) assertTrue(!sameString(p), p::toString);
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(kept.get(i), byString.get(i).get("from").get("id") + ">" + byString.get(i).get("to").get("id"));
        }
        Cli.Result bad = Cli.run("heads", "-m", RealModels.minilm().toString(), "--layer", "0", "--head", "0", "--exclude-same", "case");
        assertEquals(2, bad.code(), bad::toString);
    }

    @Test
    void bottomListsTheMostNegativePairsAndFoldLnChangesTheReadingSide() throws Exception {
        JsonNode root = heads("--bottom", "-k", "5");
        JsonNode bottom = root.get("bottom");
        assertEquals(5, bottom.size());
        for (int i = 0; i < 5; i++) assertTrue(bottom.get(i).get("score").asDouble() < 0);
        for (int i = 1; i < 5; i++) assertTrue(bottom.get(i - 1).get("score").asDouble() <= bottom.get(i).get("score").asDouble());
        JsonNode folded = heads("--fold-ln", "-k", "5");
        assertTrue(folded.get("fold_ln").asBoolean());
        assertTrue(!folded.get("pairs").equals(root.get("pairs")), "folding the gain changes the scores");
    }
}
