package dev.consent.examples.springapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A person's way through the application in a real headless Chromium: fill in the sign-up form, tick one box,
 * submit, see the preference page, withdraw with one click, give consent again with one click, open the
 * unsubscribe link (which changes nothing) and confirm. Takes a screenshot of the sign-up form and of the
 * preference page: into {@code target/screenshots}, or with {@code -Dconsent.test.writeScreenshots=true} into the
 * repository's {@code docs/} as the pictures of docs/spring-app.md. Needs Debian's {@code chromium} and
 * {@code chromium-driver}; fails naming them when missing, unless {@code -Dconsent.test.skipBrowser=true}.
 */
class SignUpInBrowserTest extends AppTest {
    static final String NAME = "Ada Lovelace";
    static final String EMAIL = "ada.lovelace@example.com";

    @Test
    void signUp_withdraw_andUnsubscribe_asAPersonDoes() throws Exception {
        Path shots = screenshotDirectory();
        try (Browser browser = Browser.require(960, 1100)) {
            browser.open(http.uri("/"));
            assertThat(browser.execute("return document.querySelectorAll('input[type=checkbox]').length;")
                            .asInt())
                    .isEqualTo(3);
            assertThat(browser.execute("return document.querySelectorAll('input[type=checkbox]:checked').length;")
                            .asInt())
                    .as("boxes ticked before the person acts")
                    .isZero();
            browser.type("#name", NAME);
            browser.type("#email", EMAIL);
            save(browser, shots.resolve("spring-app-signup.png"));

            browser.click("input[data-purpose='" + NEWSLETTER + "']");
            browser.click("button[type=submit]");
            browser.waitUntil("location.pathname.startsWith('/account/')");
            String id = browser.url().substring(browser.url().lastIndexOf('/') + 1);
            assertThat(accounts.findAll())
                    .filteredOn(a -> a.email().equals(EMAIL))
                    .extracting(Account::subject)
                    .containsExactly(id);
            assertThat(text(browser, NEWSLETTER)).contains("Given on").contains("Withdraw");
            assertThat(text(browser, SMS)).contains("Refused on").contains("Give consent");
            assertThat(text(browser, ANALYTICS)).contains("Refused on").contains("Give consent");
            save(browser, shots.resolve("spring-app-preferences.png"));

            browser.click("[data-purpose='" + NEWSLETTER + "'] button[data-action=withdraw]");
            browser.waitUntil(
                    "document.querySelector(\"[data-purpose='" + NEWSLETTER + "'] button[data-action=grant]\")");
            assertThat(text(browser, NEWSLETTER)).contains("Withdrawn on");
            assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isFalse();

            browser.click("[data-purpose='" + NEWSLETTER + "'] button[data-action=grant]");
            browser.waitUntil(
                    "document.querySelector(\"[data-purpose='" + NEWSLETTER + "'] button[data-action=withdraw]\")");
            assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isTrue();

            long head = consent.ledger().headPosition();
            browser.click("#unsubscribe");
            browser.waitUntil("document.querySelector('#confirm')");
            assertThat(browser.url()).contains("/unsubscribe/").doesNotContain(id);
            assertThat(consent.ledger().headPosition())
                    .as("opening the link records nothing")
                    .isEqualTo(head);
            browser.click("#confirm");
            browser.waitUntil("document.querySelector('#done')");

            assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isFalse();
            assertThat(records(id, NEWSLETTER))
                    .extracting(ConsentRecord::action, ConsentRecord::collectionPoint)
                    .containsExactly(
                            tuple(Action.GRANTED, Contexts.SIGNUP_FORM),
                            tuple(Action.WITHDRAWN, Contexts.PREFERENCE_PAGE),
                            tuple(Action.GRANTED, Contexts.PREFERENCE_PAGE),
                            tuple(Action.WITHDRAWN, Contexts.UNSUBSCRIBE_LINK));
            assertThat(browser.console())
                    .as("console messages")
                    .noneMatch(e -> e.path("level").asText().equals("SEVERE"));
        }
    }

    /** The text of the preference page's block for {@code purpose}, buttons included. */
    private static String text(Browser browser, String purpose) throws IOException, InterruptedException {
        return browser.execute("return document.querySelector(\"[data-purpose='" + purpose + "']\").innerText;")
                .asText();
    }

    /** Writes the viewport to {@code png}, after checking it shows a drawn page. */
    private static void save(Browser browser, Path png) throws IOException, InterruptedException {
        byte[] bytes = browser.viewport();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image.getWidth()).isEqualTo(960);
        assertThat(inked(image))
                .as("share of drawn pixels in " + png.getFileName())
                .isGreaterThan(0.02);
        Files.write(png, bytes);
    }

    /** Where the screenshots go: docs/ with -Dconsent.test.writeScreenshots=true, else target/screenshots. */
    private static Path screenshotDirectory() throws IOException {
        if (Boolean.getBoolean("consent.test.writeScreenshots")) {
            // tests run in the module's directory, examples/spring-app
            Path docs = Path.of("").toAbsolutePath().resolve("../../docs").normalize();
            assertThat(docs.resolve("export-format.md"))
                    .as("the repository's docs directory")
                    .exists();
            return docs;
        }
        return Files.createDirectories(Path.of("target", "screenshots"));
    }

    /** The share of pixels that are neither the page's background nor white. */
    private static double inked(BufferedImage image) {
        long inked = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff && rgb != 0xf6f8fa) {
                    inked++;
                }
            }
        }
        return (double) inked / ((long) image.getWidth() * image.getHeight());
    }
}
