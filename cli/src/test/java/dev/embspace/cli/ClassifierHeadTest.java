package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.testmodels.RawTensor;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A BertForSequenceClassification checkpoint written in the HF layout: its class rows load, project and diff. */
class ClassifierHeadTest {

    @TempDir
    Path tmp;

    @Test
    void classRowsLoadAndProjectAsTokens() throws Exception {
        TestCheckpoint tuned = TestModels.bertClassifier(tmp.resolve("cls"), 3);
        RawTensor weight = tuned.raw("classifier.weight");
        try (LoadedModel m = ModelLoader.load(tuned.dir().toString(), Progress.NONE)) {
            assertEquals(3, m.transformer().classifier().classes());
            assertArrayEquals(weight.row(2), m.transformer().classifier().weight().row(2));
            assertArrayEquals(tuned.raw("classifier.bias").data(), m.transformer().classifier().bias().toFloatArray());
        }
        Cli.Result r = Cli.run("project", "-m", tuned.dir().toString(), "head.classifier.2", "-k", "5", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        JsonNode result = Json.MAPPER.readTree(r.out()).get("results").get(0);
        assertEquals("head.classifier.2", result.get("vector").asText());
        // brute force: E row . class row, E the word embeddings (BERT ties the decoder to them)
        RawTensor words = tuned.raw("bert.embeddings.word_embeddings.weight");
        JsonNode top = result.get("top");
        for (int i = 0; i < top.size(); i++) {
            int id = top.get(i).get("id").asInt();
            double s = 0;
            for (int c = 0; c < weight.shape()[1]; c++) s += (double) words.at(id, c) * weight.at(2, c);
            assertEquals(s, top.get(i).get("score").asDouble(), 1e-4);
            if (i > 0) assertTrue(top.get(i - 1).get("score").asDouble() >= top.get(i).get("score").asDouble());
        }
        Cli.Result missing = Cli.run("project", "-m", tuned.dir().toString(), "head.classifier.3");
        assertEquals(2, missing.code(), missing::toString);
    }

    /** The base model has no head: the fine-tuning difference of a class row is the row itself. */
    @Test
    void diffReadsAnAddedHeadAgainstZero() throws Exception {
        TestCheckpoint base = TestModels.bertBare(tmp.resolve("base"));
        TestCheckpoint tuned = TestModels.bertClassifier(tmp.resolve("tuned"), 2);
        try (LoadedModel m = ModelLoader.load(base.dir().toString(), Progress.NONE)) {
            assertNull(m.transformer().classifier());
        }
        Cli.Result diff = Cli.run("diff", "--base", base.dir().toString(), "--tuned", tuned.dir().toString(), "head.classifier.1",
                "-k", "4", "--format", "json");
        assertEquals(0, diff.code(), diff::toString);
        Cli.Result project = Cli.run("project", "-m", tuned.dir().toString(), "head.classifier.1", "-k", "4", "--format", "json");
        JsonNode expected = Json.MAPPER.readTree(project.out()).get("results").get(0).get("top");
        JsonNode changed = Json.MAPPER.readTree(diff.out()).get("results").get(0);
        assertEquals("head.classifier.1", changed.get("vector").asText());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).get("id"), changed.get("top").get(i).get("id"));
            assertEquals(expected.get(i).get("score").asDouble(), changed.get("top").get(i).get("score").asDouble(), 1e-5);
        }
    }
}
