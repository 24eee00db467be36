package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --plot FILE.svg} on every analysis command: the file is SVG holding one mark per number the
 * command prints, what the command prints is unchanged, and a path that cannot be written is a usage
 * error before any work.
 */
class PlotOptionTest {

    @TempDir
    static Path tmp;

    private static TestCheckpoint gpt2;

    @BeforeAll
    static void checkpoint() throws Exception {
        gpt2 = TestModels.gpt2(tmp.resolve("gpt2"));
    }

    @Test
    void pairsDrawsARelatedAndAShuffledBarPerLayerAndRelationAndPrintsTheSame() throws Exception {
        String[] args = {"pairs", "-m", gpt2.dir().toString(), "-k", "10", "--format", "json", "--quiet"};
        Cli.Result plain = Cli.run(args);
        Path svg = tmp.resolve("pairs.svg");
        Cli.Result plotted = Cli.run(with(args, "--plot", svg.toString()));
        assertEquals(0, plotted.code(), plotted::toString);
        assertEquals(plain.out(), plotted.out(), "--plot leaves stdout unchanged");
        List<Element> related = marks(svg, "bar", "related");
        assertEquals(gpt2.sizes().layers() * 3, related.size());
        assertEquals(gpt2.sizes().layers() * 3, marks(svg, "bar", "shuffled").size());
        JsonNode printed = Json.MAPPER.readTree(plain.out());
        for (Element bar : related) {
            JsonNode layer = printed.get("layers").get(Integer.parseInt(bar.getAttribute("data-layer")));
            assertEquals(layer.get(bar.getAttribute("data-relation")).asDouble(), Double.parseDouble(bar.getAttribute("data-value")));
        }
    }

    @Test
    void keepkDrawsAPointPerFamilyAndKForEachReadingMap() throws Exception {
        Path svg = tmp.resolve("keepk.svg");
        JsonNode printed = json(Cli.run("keepk", "-m", gpt2.dir().toString(), "--samples", "8", "--points", "5",
                "--format", "json", "--quiet", "--plot", svg.toString()));
        int curves = printed.get("families").size() * printed.get("k").size();
        assertEquals(curves, marks(svg, "point", "transpose").size());
        assertEquals(curves, marks(svg, "point", "pseudo-inverse").size());
    }

    @Test
    void circuitsDrawsACopyingCellPerHeadAndACompositionCellPerLaterHead() throws Exception {
        Path svg = tmp.resolve("circuits.svg");
        JsonNode printed = json(Cli.run("circuits", "-m", gpt2.dir().toString(), "--format", "json", "--quiet",
                "--plot", svg.toString()));
        int layers = gpt2.sizes().layers(), heads = gpt2.sizes().heads();
        assertEquals(layers * heads, marks(svg, "cell", "copying").size());
        int later = layers * (layers - 1) / 2 * heads * heads;
        for (String kind : List.of("q", "k", "v")) assertEquals(later, marks(svg, "cell", kind).size());
        assertEquals(printed.get("copying").get(1).get(0).asDouble(), marks(svg, "cell", "copying").stream()
                .filter(c -> c.getAttribute("data-layer").equals("1") && c.getAttribute("data-head").equals("0"))
                .mapToDouble(c -> Double.parseDouble(c.getAttribute("data-value"))).findFirst().orElseThrow());
    }

    @Test
    void alignDrawsEveryKindWithItsMatchingAndTheRawBaseline() throws Exception {
        Path svg = tmp.resolve("align.svg");
        String dir = gpt2.dir().toString();
        json(Cli.run("align", "-m", dir, "-m", dir, "--params", "ff.key,attn.o", "--raw", "--format", "json", "--quiet",
                "--plot", svg.toString()));
        int layers = gpt2.sizes().layers();
        assertEquals(2 * layers * layers, marks(svg, "cell", "embedding").size());
        assertEquals(2 * layers * layers, marks(svg, "cell", "raw").size());
        List<Element> matches = marks(svg, "match", "embedding");
        assertEquals(2 * layers, matches.size());
        // a model aligned with itself matches every layer to itself
        assertTrue(matches.stream().allMatch(m -> m.getAttribute("data-a").equals(m.getAttribute("data-b"))));
    }

    @Test
    void aPlotPathThatCannotBeWrittenIsAUsageErrorBeforeAnyWork() throws Exception {
        // the model does not exist: a usage error (2) rather than bad input (3) shows the path was checked first
        String missing = tmp.resolve("no-such-model").toString();
        List<String> bad = new ArrayList<>(List.of(tmp.toString(), tmp.resolve("no-dir/out.svg").toString(), "/dev/null"));
        Path fifo = tmp.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) bad.add(fifo.toString());
        for (String path : bad) {
            for (String command : List.of("pairs", "keepk", "circuits")) {
                Cli.Result r = Cli.run(command, "-m", missing, "--plot", path);
                assertEquals(2, r.code(), r::toString);
                assertTrue(r.err().startsWith("embspace: ") && r.err().contains("--plot"), r::toString);
                assertEquals(1, r.err().lines().count(), r::toString);
                assertEquals("", r.out());
            }
        }
        Cli.Result lens = Cli.run("lens", "-m", missing, "--text", "x", "--plot", tmp.toString());
        assertEquals(2, lens.code(), lens::toString);
        assertFalse(Files.exists(tmp.resolve("no-dir")));
    }

    static int usage(String... args) {
        Cli.Result r = Cli.run(args);
        assertTrue(r.err().startsWith("embspace: ") && r.err().lines().count() == 1, r::toString);
        return r.code();
    }

    static String[] with(String[] args, String... more) {
        String[] out = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }

    static JsonNode json(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    /** The mark groups of an SVG file holding every one of {@code classes}; the file must parse as SVG. */
    static List<Element> marks(Path svg, String... classes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(svg))));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        List<Element> out = new ArrayList<>();
        NodeList groups = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            List<String> own = Arrays.asList(g.getAttribute("class").split("\\s+"));
            if (own.contains("mark") && own.containsAll(Arrays.asList(classes))) out.add(g);
        }
        return out;
    }
}
