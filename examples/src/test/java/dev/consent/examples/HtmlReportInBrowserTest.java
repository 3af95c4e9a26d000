package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentLedger;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.TransparencyReport;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.reporting.HtmlReport;
import dev.consent.requests.DenialReason;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestReport;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML transparency report of three months of a small ledger, opened in a real headless Chromium: it loads with
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

    /** A purpose title that would log a console error if the page ran it. */
    static final String TITLE = "<script>console.error('injected')</script>Newsletter";

    @TempDir
    static Path dir;

    static Path page;

    /**
     * Three months of a small ledger in memory: March, two grants and a denial of the newsletter (whose title is
     * a script) and a grant of offers; April, a withdrawal; May, the denial turned into a grant. Rates: the
     * newsletter 2/3, 1/3, 2/3; offers 1/1 each month. With the figures of two access requests.
     */
    @BeforeAll
    static void writeThePage() {
        SettableClock clock = new SettableClock(MONTHS[0].plus(Duration.ofDays(4)));
        page = dir.resolve("report.html");
        try (InMemoryConsentStore store = new InMemoryConsentStore();
                ConsentSystem consent =
                        ConsentSystem.builder().store(store).clock(clock).build()) {
            for (String[] p : new String[][] {{"newsletter", TITLE}, {"offers", "Offers"}}) {
                consent.purposes()
                        .define(Purpose.builder(p[0])
                                .title(p[1])
                                .description("What " + p[0] + " means.")
                                .legalBasis(LegalBasis.CONSENT)
                                .build());
            }
            CollectionContext web = CollectionContext.of(Channel.WEB, "signup_form");
            ConsentLedger ledger = consent.ledger();
            ledger.grant("u1", "newsletter", web);
            ledger.grant("u2", "newsletter", web);
            ledger.deny("u3", "newsletter", web);
            ledger.grant("u1", "offers", web);
            clock.set(MONTHS[1].plus(Duration.ofDays(3)));
            ledger.withdraw("u2", "newsletter", web);
            clock.set(MONTHS[2].plus(Duration.ofDays(3)));
            ledger.grant("u3", "newsletter", web);
            List<TransparencyReport> periods = new ArrayList<>();
            for (int i = 0; i + 1 < MONTHS.length; i++) {
                periods.add(consent.reports().transparency(MONTHS[i], MONTHS[i + 1]));
            }
            HtmlReport.builder()
                    .periods(periods)
                    .purposeTitles(consent.purposes().current().stream()
                            .collect(Collectors.toMap(Purpose::id, Purpose::title)))
                    .requests(accessRequests())
                    .build()
                    .writeTo(page);
        }
    }

    /** Two access requests received, one answered in time, one open and overdue. */
    static RequestReport accessRequests() {
        List<RequestReport.Row> rows = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            int n = kind == RequestKind.ACCESS ? 1 : 0;
            rows.add(new RequestReport.Row(
                    kind, 2L * n, n, 0, 0, new EnumMap<>(DenialReason.class), n, n, 0, n, null, null));
        }
        return new RequestReport(MONTHS[0], MONTHS[3], rows);
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
            assertThat(found.get("rate").asInt())
                    .as("a point per purpose and month")
                    .isEqualTo(6);
            assertThat(found.get("requests").asInt())
                    .as("3 bars for the one kind received")
                    .isEqualTo(3);
            assertThat(found.get("scripts").asInt())
                    .as("the title is text, not a script")
                    .isZero();
            assertThat(found.get("title").asText()).contains(TITLE);
            assertThat(found.get("resources").asInt())
                    .as("resources fetched by the page")
                    .isZero();

            assertThat(browser.log("browser"))
                    .as("console messages")
                    .noneMatch(e -> e.path("level").asText().equals("SEVERE"));
            List<String> requested = browser.log("performance").stream()
                    .map(e -> readTree(e.path("message").asText()).path("message"))
                    .filter(m -> m.path("method").asText().equals("Network.requestWillBeSent"))
                    .map(m -> m.path("params").path("request").path("url").asText())
                    .toList();
            assertThat(requested)
                    .as("network requests")
                    .allMatch(u -> u.equals(page.toUri().toString()));

            Path png = dir.resolve("report.png");
            browser.screenshot(page, png);
            BufferedImage full = ImageIO.read(png.toFile());
            assertThat(full.getWidth()).as("chromium --screenshot width").isEqualTo(1200);
            assertThat(full.getHeight()).isEqualTo(1600);
            assertThat(inked(full, 0, 0, 1200, 800))
                    .as("the page's upper half, drawn")
                    .isGreaterThan(0.05);
            assertThat(inked(full, 0, 1500, 1200, 100))
                    .as("below the page's end, blank")
                    .isZero();

            byte[] viewport = browser.viewport();
            // kept for a person to look at when a layout check fails
            java.nio.file.Files.write(Path.of("target", "transparency-report-viewport.png"), viewport);
            BufferedImage shot = ImageIO.read(new java.io.ByteArrayInputStream(viewport));
            List<JsonNode> boxes = new ArrayList<>();
            found.get("boxes").forEach(boxes::add);
            assertThat(boxes.get(1).get("y").asDouble())
                    .as("the first two charts share a row")
                    .isEqualTo(boxes.get(0).get("y").asDouble());
            assertThat(boxes.get(1).get("x").asDouble())
                    .isGreaterThan(boxes.get(0).get("x").asDouble() + 400);
            assertThat(boxes.get(2).get("y").asDouble())
                    .isGreaterThan(boxes.get(0).get("y").asDouble() + 200);
            for (JsonNode box : boxes) {
                assertThat(inked(shot, box))
                        .as("share of drawn pixels in chart " + box.get("id").asText())
                        .isGreaterThan(0.01);
            }
            assertThat(pixels(shot, boxes.get(1), 0x2ca02c))
                    .as("green grant bars drawn")
                    .isGreaterThan(200);
            assertThat(pixels(shot, boxes.get(0), 0xd62728))
                    .as("a purpose's rate line drawn")
                    .isGreaterThan(20);
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
