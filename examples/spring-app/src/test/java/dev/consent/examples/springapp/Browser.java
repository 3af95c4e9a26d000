package dev.consent.examples.springapp;

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
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for tests, from Debian's {@code chromium} and {@code chromium-driver} packages, driven
 * through chromedriver's W3C HTTP API with {@link HttpClient} (no Selenium): open a page, find elements, click
 * and type as a person does, run a script, read the console log and take a screenshot of the viewport. When the
 * binaries are missing, {@link #require(int, int)} fails naming the packages, or with
 * {@code -Dconsent.test.skipBrowser=true} skips. Adapted from the examples module's helper of the same name.
 */
final class Browser implements AutoCloseable {
    static final String PACKAGES = "chromium chromium-driver";
    /** The W3C key of an element reference. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;

    private Browser(Path chromium, Path chromedriver, int width, int height) throws IOException, InterruptedException {
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
                .add("--force-device-scale-factor=1")
                .add("--window-size=" + width + "," + height);
        ObjectNode always = JSON.createObjectNode().put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        always.putObject("goog:loggingPrefs").put("browser", "ALL");
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").set("alwaysMatch", always);
        try {
            this.session =
                    call("POST", "/session", capabilities).path("sessionId").asText();
        } catch (IOException | RuntimeException e) {
            driver.destroy();
            throw e;
        }
    }

    /**
     * A browser whose window is {@code width} by {@code height} pixels, or a failure naming the packages to
     * install (a skip with {@code consent.test.skipBrowser}).
     */
    static Browser require(int width, int height) throws IOException, InterruptedException {
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
        return new Browser(chromium.get(), driver.get(), width, height);
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Opens {@code page} and waits until it has loaded. */
    void open(URI page) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", page.toString()));
    }

    /** The address of the page shown now. */
    String url() throws IOException, InterruptedException {
        return call("GET", "/session/" + session + "/url", null).asText();
    }

    /** Clicks the element {@code css} selects, as a pointer does (it must be visible and not covered). */
    void click(String css) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/element/" + find(css) + "/click", JSON.createObjectNode());
    }

    /** Types {@code text} into the element {@code css} selects, key by key. */
    void type(String css, String text) throws IOException, InterruptedException {
        call(
                "POST",
                "/session/" + session + "/element/" + find(css) + "/value",
                JSON.createObjectNode().put("text", text));
    }

    /** The id of the first element {@code css} selects; fails when there is none. */
    private String find(String css) throws IOException, InterruptedException {
        ObjectNode query = JSON.createObjectNode().put("using", "css selector").put("value", css);
        return call("POST", "/session/" + session + "/element", query)
                .path(ELEMENT)
                .asText();
    }

    /** Waits up to 10 s until {@code condition} (a script expression) is true in the page; fails if it is not. */
    void waitUntil(String condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!execute("return !!(" + condition + ");").asBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the page did not come to " + condition + " within 10 s; it is " + url());
            }
            Thread.sleep(50);
        }
    }

    /** A PNG of the session's viewport. */
    byte[] viewport() throws IOException, InterruptedException {
        return Base64.getDecoder()
                .decode(call("GET", "/session/" + session + "/screenshot", null).asText());
    }

    /** Runs {@code script} (a function body that returns a value) in the page. */
    JsonNode execute(String script) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /** The entries of the console log since the last call. */
    List<JsonNode> console() throws IOException, InterruptedException {
        JsonNode entries = call(
                "POST",
                "/session/" + session + "/se/log",
                JSON.createObjectNode().put("type", "browser"));
        return Stream.iterate(0, i -> i < entries.size(), i -> i + 1)
                .map(entries::get)
                .toList();
    }

    private JsonNode call(String method, String path, @Nullable JsonNode body)
            throws IOException, InterruptedException {
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
