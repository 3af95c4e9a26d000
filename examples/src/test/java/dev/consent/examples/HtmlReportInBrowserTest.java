package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.ConsentSystem;
import dev.consent.Purpose;
import dev.consent.TransparencyReport;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.reporting.HtmlReport;
import dev.consent.requests.DataSubjectRequests;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML transparency report of the newsletter example, opened in a real headless Chromium: it loads with
 * no console error and no request beyond its own file, its charts have a mark per figure, and the screenshot
 * shows them where the layout puts them (two per row, each drawn, nothing right of the page). Needs Debian's
 * {@code chromium} and {@code chromium-driver}; fails naming them when missing, unless
 * {@code -Dconsent.test.skipBrowser=true}.
 */
class HtmlReportInBrowserTest {
    static final Instant[] MONTHS = {
        Instant.parse("2026-03-01T00:00:00Z"),
        Instant.parse("2026-04-01T00:00:00Z"),
        Instant.parse("2026-05-01T00:00:00Z"),
        Instant.parse("2026-06-01T00:00:00Z")
    };

    @TempDir
    static Path dir;

    static Path page;

    /** The example's ledger on H2, then its report over three months, with a purpose title that is a script. */
    @BeforeAll
    static void writeThePage() {
        Path file = dir.resolve("newsletter");
        NewsletterExample.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "--h2", file.toString());
        page = dir.resolve("report.html");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";IFEXISTS=TRUE", "sa", "");
        try (JdbcConsentStore store = JdbcConsentStore.create(pool);
                ConsentSystem consent = ConsentSystem.builder()
                        .store(store)
                        .feedPollInterval(Duration.ZERO)
                        .build();
                DataSubjectRequests desk = DataSubjectRequests.builder()
                        .store(store.requestStore())
                        .consent(consent)
                        .build()) {
            List<TransparencyReport> periods = new ArrayList<>();
            for (int i = 0; i + 1 < MONTHS.length; i++) {
                periods.add(consent.reports().transparency(MONTHS[i], MONTHS[i + 1]));
            }
            Map<String, String> titles = consent.purposes().current().stream()
                    .collect(Collectors.toMap(Purpose::id, Purpose::title));
            titles.put("analytics", "<script>console.error('injected')</script>Analytics");
            HtmlReport.builder()
                    .periods(periods)
                    .purposeTitles(titles)
                    .requests(desk.report(MONTHS[0], MONTHS[3]))
                    .build()
                    .writeTo(page);
        } finally {
            pool.dispose();
        }
    }

    @Test
    void pageLoadsCleanly_chartsHaveTheirMarks_andTheScreenshotShowsTheLayout() throws Exception {
        try (Browser browser = Browser.require()) {
            browser.open(page.toUri());

            JsonNode found = browser.execute("const q = s => document.querySelectorAll(s).length;"
                    + "const box = e => { const r = e.getBoundingClientRect();"
                    + " return {id: e.dataset.chart, x: r.x, y: r.y, w: r.width, h: r.height}; };"
                    + "return {charts: q('svg[data-chart]'),"
                    + " rate: q('svg[data-chart=consent-rate] circle.point'),"
                    + " decisions: q('svg[data-chart=decisions] rect.bar'),"
                    + " expiry: q('svg[data-chart=expiry] rect.bar'),"
                    + " requests: q('svg[data-chart=requests] rect.bar'),"
                    + " scripts: q('script'), rows: q('tbody tr'),"
                    + " boxes: [...document.querySelectorAll('svg[data-chart]')].map(box),"
                    + " resources: performance.getEntriesByType('resource').length,"
                    + " title: document.querySelector('tbody').textContent};");

            assertThat(found.get("charts").asInt()).isEqualTo(4);
            assertThat(found.get("decisions").asInt()).as("3 bars a month").isEqualTo(9);
            assertThat(found.get("expiry").asInt()).as("2 bars a month").isEqualTo(6);
            assertThat(found.get("rate").asInt()).as("a point per purpose and month with a rate").isPositive();
            assertThat(found.get("requests").asInt() % 3).as("3 bars per kind received").isZero();
            assertThat(found.get("requests").asInt()).isPositive();
            assertThat(found.get("scripts").asInt()).as("the injected title is text, not a script").isZero();
            assertThat(found.get("title").asText()).contains("<script>console.error('injected')</script>Analytics");
            assertThat(found.get("resources").asInt()).as("resources fetched by the page").isZero();

            assertThat(browser.log("browser"))
                    .as("console messages")
                    .noneMatch(e -> e.path("level").asText().equals("SEVERE"));
            List<String> requested = browser.log("performance").stream()
                    .map(e -> readTree(e.path("message").asText()).path("message"))
                    .filter(m -> m.path("method").asText().equals("Network.requestWillBeSent"))
                    .map(m -> m.path("params").path("request").path("url").asText())
                    .toList();
            assertThat(requested).as("network requests").allMatch(u -> u.equals(page.toUri().toString()));

            Path png = dir.resolve("report.png");
            browser.screenshot(page, png);
            BufferedImage full = ImageIO.read(png.toFile());
            assertThat(full.getWidth()).as("chromium --screenshot width").isEqualTo(1200);
            assertThat(full.getHeight()).isEqualTo(1600);
            assertThat(inked(full, 0, 0, 1200, 800)).as("the page's upper half, drawn").isGreaterThan(0.05);
            assertThat(inked(full, 0, 1500, 1200, 100)).as("below the page's end, blank").isZero();

            byte[] viewport = browser.viewport();
            // kept for a person to look at when a layout check fails
            java.nio.file.Files.write(Path.of("target", "transparency-report-viewport.png"), viewport);
            BufferedImage shot = ImageIO.read(new java.io.ByteArrayInputStream(viewport));
            List<JsonNode> boxes = new ArrayList<>();
            found.get("boxes").forEach(boxes::add);
            assertThat(boxes.get(1).get("y").asDouble())
                    .as("the first two charts share a row")
                    .isEqualTo(boxes.get(0).get("y").asDouble());
            assertThat(boxes.get(1).get("x").asDouble()).isGreaterThan(boxes.get(0).get("x").asDouble() + 400);
            assertThat(boxes.get(2).get("y").asDouble()).isGreaterThan(boxes.get(0).get("y").asDouble() + 200);
            for (JsonNode box : boxes) {
                assertThat(inked(shot, box))
                        .as("share of drawn pixels in chart " + box.get("id").asText())
                        .isGreaterThan(0.01);
            }
            assertThat(pixels(shot, boxes.get(1), 0x2ca02c)).as("green grant bars drawn").isGreaterThan(200);
            assertThat(pixels(shot, boxes.get(0), 0xd62728)).as("a purpose's rate line drawn").isGreaterThan(20);
            int right = boxes.stream()
                    .mapToInt(b -> b.get("x").asInt() + b.get("w").asInt())
                    .max()
                    .orElseThrow();
            assertThat(right).as("the right edge of the charts").isBetween(1000, 1170);
            assertThat(inked(shot, right + 30, 0, shot.getWidth() - right - 30, shot.getHeight()))
                    .as("nothing right of the page's cards")
                    .isZero();
        }
    }

    static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    static double inked(BufferedImage image, JsonNode box) {
        return inked(
                image,
                box.get("x").asInt(),
                box.get("y").asInt(),
                box.get("w").asInt(),
                box.get("h").asInt());
    }

    /** How many pixels in the box have exactly the colour {@code rgb}. */
    static long pixels(BufferedImage image, JsonNode box, int rgb) {
        long n = 0;
        int x = box.get("x").asInt(), y = box.get("y").asInt();
        for (int i = x; i < Math.min(image.getWidth(), x + box.get("w").asInt()); i++) {
            for (int j = y; j < Math.min(image.getHeight(), y + box.get("h").asInt()); j++) {
                n += (image.getRGB(i, j) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    /** The share of pixels in the rectangle that are not (near) white. */
    static double inked(BufferedImage image, int x, int y, int w, int h) {
        long inked = 0, all = 0;
        for (int i = Math.max(0, x); i < Math.min(image.getWidth(), x + w); i++) {
            for (int j = Math.max(0, y); j < Math.min(image.getHeight(), y + h); j++) {
                int rgb = image.getRGB(i, j);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                all++;
                if (r < 235 || g < 235 || b < 235) {
                    inked++;
                }
            }
        }
        assertThat(all).as("pixels in the rectangle at " + x + "," + y).isPositive();
        return (double) inked / all;
    }
}
