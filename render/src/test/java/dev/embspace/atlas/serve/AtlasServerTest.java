package dev.embspace.atlas.serve;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code atlas --serve}: files of the site with their types, and nothing outside it, on loopback. */
class AtlasServerTest {

    @TempDir
    static Path tmp;

    private static AtlasServer server;

    @BeforeAll
    static void serve() throws IOException {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<!DOCTYPE html><title>atlas</title>");
        Files.createDirectories(site.resolve("data"));
        Files.writeString(site.resolve("data/meta.js"), "window.ATLAS_DATA = {};");
        Files.writeString(site.resolve("figure.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        Files.writeString(tmp.resolve("secret.txt"), "SECRET");
        Files.createSymbolicLink(site.resolve("escape.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(site.resolve("outside"), tmp);
        server = AtlasServer.start(site, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Response(int status, String headers, String body) {
    }

    /** A raw request, so that no client library normalises the path before it is sent. */
    private static Response get(String rawPath) throws IOException {
        URI uri = server.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, end);
            int status = Integer.parseInt(headers.split(" ")[1]);
            return new Response(status, headers.toLowerCase(), response.substring(end + 4));
        }
    }

    @Test
    void servesTheSiteOnLoopbackWithContentTypes() throws IOException {
        assertTrue(server.uri().getHost().equals("127.0.0.1"), server.uri().toString());
        Response index = get("/");
        assertEquals(200, index.status());
        assertTrue(index.headers().contains("content-type: text/html"), index.headers());
        assertTrue(index.body().contains("<title>atlas</title>"));
        assertEquals(200, get("/index.html").status());
        Response js = get("/data/meta.js");
        assertEquals(200, js.status());
        assertTrue(js.headers().contains("content-type: text/javascript"), js.headers());
        assertTrue(get("/figure.svg").headers().contains("content-type: image/svg+xml"));
    }

    @Test
    void nothingOutsideTheSiteAndNoListings() throws IOException {
        for (String path : new String[] {"/../secret.txt", "/data/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/data/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "//" + tmp.resolve("secret.txt"),
                "/" + tmp.resolve("secret.txt"), "/escape.txt", "/outside/secret.txt", "/data/", "/data", "/missing.html",
                "/index.html%00.txt"}) {
            Response r = get(path);
            assertEquals(404, r.status(), path);
            assertFalse(r.body().contains("SECRET"), path);
        }
    }
}
