package dev.consent.examples;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for tests, from Debian's {@code chromium} and {@code chromium-driver} packages: a
 * screenshot from the command line, and a session driven through chromedriver's W3C HTTP API with
 * {@link HttpClient} (no Selenium), with the browser's console and network logs. When the binaries are
 * missing, {@link #require()} fails naming the packages, or with {@code -Dconsent.test.skipBrowser=true} skips.
 */
final class Browser implements AutoCloseable {
    static final String PACKAGES = "chromium chromium-driver";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path chromium;
    private final Process driver;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;

    private Browser(Path chromium, Path chromedriver) throws IOException, InterruptedException {
        this.chromium = chromium;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.base = URI.create("http://127.0.0.1:" + port);
        this.driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                driver.destroy();
                throw new IllegalStateException("chromedriver did not start on port " + port);
            }
            Thread.sleep(100);
        }
        ObjectNode options = JSON.createObjectNode().put("binary", chromium.toString());
        options.putArray("args")
                .add("--headless")
                .add("--no-sandbox")
                .add("--disable-gpu")
                .add("--hide-scrollbars")
                .add("--window-size=1200,1600");
        ObjectNode always = JSON.createObjectNode().put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        always.putObject("goog:loggingPrefs").put("browser", "ALL").put("performance", "ALL");
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").set("alwaysMatch", always);
        this.session = call("POST", "/session", capabilities).path("sessionId").asText();
    }

    /**
     * A browser, or a failure naming the packages to install (a skip with {@code consent.test.skipBrowser}).
     */
    static Browser require() throws IOException, InterruptedException {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> driver = onPath("chromedriver");
        if (chromium.isEmpty() || driver.isEmpty()) {
            String missing = chromium.isEmpty() && driver.isEmpty()
                    ? "chromium and chromedriver"
                    : chromium.isEmpty() ? "chromium" : "chromedriver";
            if (Boolean.getBoolean("consent.test.skipBrowser")) {
                Assumptions.abort("skipped because -Dconsent.test.skipBrowser=true (not installed: " + missing + ")");
            }
            fail("the browser test needs " + missing + ": install the Debian packages " + PACKAGES
                    + " (apt-get install -y " + PACKAGES + "; .ci/run does), or run with"
                    + " -Dconsent.test.skipBrowser=true to skip it");
        }
        return new Browser(chromium.get(), driver.get());
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** {@code chromium --headless --screenshot} of {@code page} at 1200 x 1600, into {@code png}. */
    void screenshot(Path page, Path png) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--disable-gpu",
                        "--no-sandbox",
                        "--hide-scrollbars",
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=1200,1600",
                        page.toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium --screenshot did not finish within 60 s");
        }
    }

    void open(URI page) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", page.toString()));
    }

    /** A PNG of the session's viewport, in the same coordinates as the page's element boxes. */
    byte[] viewport() throws IOException, InterruptedException {
        return java.util.Base64.getDecoder()
                .decode(call("GET", "/session/" + session + "/screenshot", null).asText());
    }

    /** Runs {@code script} (a function body that returns a value) in the page. */
    JsonNode execute(String script) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /** The entries of a log: {@code browser} (the console) or {@code performance} (DevTools events). */
    List<JsonNode> log(String type) throws IOException, InterruptedException {
        JsonNode entries = call(
                "POST",
                "/session/" + session + "/se/log",
                JSON.createObjectNode().put("type", type));
        return Stream.iterate(0, i -> i < entries.size(), i -> i + 1)
                .map(entries::get)
                .toList();
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        request.header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("chromedriver " + method + " " + path + ": " + response.body());
        }
        return value;
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the driver goes anyway
        } finally {
            driver.destroy();
            try {
                driver.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
