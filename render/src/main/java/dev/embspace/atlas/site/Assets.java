package dev.embspace.atlas.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The site's static files: its own scripts and style, and the table library copied out of its
 * WebJar on the classpath, so the site never reaches the network.
 */
final class Assets {

    private static final String OWN = "/dev/embspace/atlas/assets/";
    private static final List<String> OWN_FILES = List.of("atlas.css", "atlas.js", "layer.js", "unit.js", "search.js", "tokenizer.js", "evidence.js");
    private static final String TABULATOR = "/META-INF/resources/webjars/tabulator-tables/";
    private static final List<String> TABULATOR_FILES = List.of("dist/js/tabulator.min.js", "dist/css/tabulator.min.css");

    private Assets() {
    }

    static void copy(Path site) throws IOException {
        Path assets = Files.createDirectories(site.resolve("assets"));
        for (String name : OWN_FILES) copy(OWN + name, assets.resolve(name));
        String version = tabulatorVersion();
        for (String file : TABULATOR_FILES) {
            copy(TABULATOR + version + "/" + file, assets.resolve(file.substring(file.lastIndexOf('/') + 1)));
        }
    }

    /** The WebJar's version, from its Maven metadata (the version is part of the resource path). */
    private static String tabulatorVersion() throws IOException {
        try (InputStream in = Assets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/tabulator-tables/pom.properties")) {
            if (in == null) throw new IllegalStateException("the tabulator-tables WebJar is not on the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            Files.copy(in, target);
        }
    }
}
