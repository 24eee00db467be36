package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.RealModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.embspace.cli.PlotOptionTest.json;
import static dev.embspace.cli.PlotOptionTest.marks;
import static dev.embspace.cli.PlotOptionTest.usage;
import static dev.embspace.cli.PlotOptionTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --plot} on the commands that run a forward pass, on minilm-l6 (lens, recall, stitch --sweep). */
class RealModelPlotTest {

    @TempDir
    Path tmp;

    @Test
    void lensDrawsACellPerLayerAndPositionAndPrintsTheSame() throws Exception {
        String[] args = {"lens", "-m", RealModels.minilm().toString(), "--text", "The capital of France", "-k", "2", "--quiet"};
        Cli.Result plain = Cli.run(args);
        Path svg = tmp.resolve("lens.svg");
        Cli.Result plotted = Cli.run(with(args, "--plot", svg.toString()));
        assertEquals(0, plotted.code(), plotted::toString);
        assertEquals(plain.out(), plotted.out());
        // [CLS] the capital of france [SEP]
        assertEquals(6 * 6, marks(svg, "cell").size());
    }

    @Test
    void recallDrawsAPointPerLayerKindAndPanel() throws Exception {
        Path corpus = Files.writeString(tmp.resolve("corpus.txt"),
                "The jury said the election was conducted well.\n\nThe city council met on Friday to discuss the budget.\n");
        Path svg = tmp.resolve("recall.svg");
        JsonNode printed = json(Cli.run("recall", "-m", RealModels.minilm().toString(), "--corpus", corpus.toString(),
                "--max-tokens", "30", "-k", "10", "--format", "json", "--quiet", "--plot", svg.toString()));
        int points = 2 * printed.get("layers").size() * 4;
        assertEquals(points, marks(svg, "point", "real").size());
        assertEquals(points, marks(svg, "point", "random").size());
        assertEquals(2, usage("recall", "-m", RealModels.minilm().toString(), "--corpus", corpus.toString(),
                "--plot", corpus.toString()), "the corpus is not overwritten");
    }

    @Test
    void stitchSweepOfAProbeOntoItsOwnModelDrawsThePointsAtTheDonorsAccuracy() throws Exception {
        StringBuilder data = new StringBuilder();
        String[] good = {"a lovely happy day", "great wonderful news", "I love this", "what a delight", "superb and kind",
                "happy smiles everywhere"};
        String[] bad = {"a terrible sad day", "awful horrible news", "I hate this", "what a disaster", "cruel and nasty",
                "angry tears everywhere"};
        for (int i = 0; i < good.length; i++) {
            data.append("{\"text\": \"").append(good[i]).append("\", \"label\": \"good\"}\n");
            data.append("{\"text\": \"").append(bad[i]).append("\", \"label\": \"bad\"}\n");
        }
        Path file = Files.writeString(tmp.resolve("moods.jsonl"), data);
        Path head = tmp.resolve("moods.safetensors");
        String minilm = RealModels.minilm().toString();
        // the same examples held out (a copy: --train and --test naming one file is a usage error)
        Path heldOut = Files.writeString(tmp.resolve("moods-test.jsonl"), data);
        Cli.Result probe = Cli.run("probe", "-m", minilm, "--train", file.toString(), "--test", heldOut.toString(),
                "--out", head.toString(), "--quiet");
        assertEquals(0, probe.code(), probe::toString);
        assertEquals(2, usage("stitch", "--head", head.toString(), "--host", minilm, "--data", file.toString(),
                "--plot", tmp.resolve("x.svg").toString()), "--plot without --sweep");

        Path svg = tmp.resolve("stitch.svg");
        JsonNode printed = json(Cli.run("stitch", "--head", head.toString(), "--host", minilm, "--data", file.toString(),
                "--sweep", "--translation", "pinv", "--format", "json", "--quiet", "--plot", svg.toString()));
        List<Element> points = marks(svg, "point");
        assertEquals(printed.get("sweep").size(), points.size());
        assertEquals(7, points.size());
        for (Element p : points) {
            JsonNode point = printed.get("sweep").get(Integer.parseInt(p.getAttribute("data-host-layers")));
            double stitched = Double.parseDouble(p.getAttribute("data-value"));
            assertEquals(point.get("accuracy").get("pinv").asDouble(), stitched);
            // E^+ E is the identity: carried onto its own model the head keeps its accuracy (one borderline text aside)
            assertEquals(printed.get("donor_accuracy").asDouble(), stitched, 1.0 / 12 + 1e-9);
        }
    }
}
