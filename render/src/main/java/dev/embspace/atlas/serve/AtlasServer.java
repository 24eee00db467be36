package dev.embspace.atlas.serve;

import dev.embspace.engine.UsageException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves an atlas on the loopback interface with the JDK's HTTP server: files under the site's
 * directory only (a path that leaves it, plainly, percent-encoded or through a symbolic link, is a
 * 404), never a directory listing, GET and HEAD only.
 */
public final class AtlasServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "json", "application/json",
            "csv", "text/csv; charset=utf-8", "png", "image/png", "txt", "text/plain; charset=utf-8");

    private final Path root;
    private final HttpServer server;

    private AtlasServer(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    /** Starts serving {@code site} on 127.0.0.1:{@code port} (0: any free port). */
    public static AtlasServer start(Path site, int port) throws IOException {
        Path root = site.toRealPath();
        if (!Files.isRegularFile(root.resolve("index.html"))) {
            throw new UsageException(site + " is not an atlas (no index.html in it)");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        AtlasServer atlas = new AtlasServer(root, server);
        server.createContext("/", atlas::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return atlas;
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8), method);
                return;
            }
            Optional<Path> file = resolve(exchange.getRequestURI().getRawPath());
            if (file.isEmpty()) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8), method);
                return;
            }
            send(exchange, 200, type(file.get()), Files.readAllBytes(file.get()), method);
        }
    }

    /**
     * The regular file a request path names inside the site, or empty: the path is decoded once,
     * may not contain ".." segments, NUL or backslashes, and its real path (symbolic links followed)
     * must still lie inside the site's real root. "/" is the index; other directories are not served.
     */
    Optional<Path> resolve(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) return Optional.empty();
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) return Optional.empty();
        for (String segment : path.split("/")) if (segment.equals("..") || segment.equals(".")) return Optional.empty();
        String relative = path.substring(1);
        if (relative.isEmpty()) relative = "index.html";
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) return Optional.empty();
        try {
            Path real = candidate.toRealPath();
            return real.startsWith(root) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String type(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream"
                : TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, String method) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
