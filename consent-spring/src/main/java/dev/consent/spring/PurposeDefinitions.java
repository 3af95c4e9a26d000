package dev.consent.spring;

import dev.consent.ConsentSystem;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * Defines the purposes of {@code consent.purposes} and of {@code Purpose} beans at start. Defining a version
 * already stored with the same content changes nothing, so every start, and every node, may define them; a
 * version stored with other content fails start-up, naming the purpose and what to do.
 */
final class PurposeDefinitions {
    /** An ISO-8601 period of years, months, weeks and days only: a calendar period, not a duration. */
    private static final Pattern PERIOD =
            Pattern.compile("P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?", Pattern.CASE_INSENSITIVE);

    private PurposeDefinitions() {}

    static void define(
            ConsentSystem consent, List<ConsentProperties.PurposeProperties> properties, List<Purpose> beans) {
        for (int i = 0; i < properties.size(); i++) {
            define(consent, purpose(properties.get(i), "consent.purposes[" + i + "]"));
        }
        for (Purpose p : beans) {
            define(consent, p);
        }
    }

    private static void define(ConsentSystem consent, Purpose purpose) {
        try {
            consent.purposes().define(purpose);
        } catch (PurposeConflictException e) {
            throw new IllegalStateException(
                    "purpose " + purpose.id() + " version " + purpose.version()
                            + " is defined at start with other content than the store holds for it (" + e.getMessage()
                            + "). A version never changes once defined: give the changed text the next version"
                            + " (and mark it a material change if it needs fresh consent)",
                    e);
        }
    }

    /** The purpose of one entry of {@code consent.purposes}; a bad entry fails start-up naming its property. */
    static Purpose purpose(ConsentProperties.PurposeProperties p, String property) {
        if (p.getId() == null || p.getId().isBlank()) {
            throw new IllegalStateException(property + ".id is missing");
        }
        try {
            Purpose.Builder b = Purpose.builder(p.getId())
                    .version(p.getVersion())
                    .legalBasis(p.getLegalBasis())
                    .retired(p.isRetired());
            if (p.getTitle() != null) {
                b.title(p.getTitle());
            }
            if (p.getDescription() != null) {
                b.description(p.getDescription());
            }
            if (p.getGroup() != null) {
                b.group(p.getGroup());
            }
            if (p.getMaxAge() != null) {
                String text = p.getMaxAge().trim();
                if (PERIOD.matcher(text).matches()) {
                    b.maxAge(Period.parse(text));
                } else {
                    Duration d = DurationStyle.detectAndParse(text);
                    b.maxAge(d);
                }
            }
            if (p.isMaterialChange()) {
                b.materialChange();
            }
            if (p.getMinValidVersion() != null) {
                b.minValidVersion(p.getMinValidVersion());
            }
            if (!p.getRecipients().isEmpty()) {
                b.recipients(p.getRecipients());
            }
            if (p.getCategory() != null) {
                b.category(p.getCategory());
            }
            if (!p.getPiiCategories().isEmpty()) {
                b.piiCategories(p.getPiiCategories());
            }
            if (!p.getSensitiveCategories().isEmpty()) {
                b.sensitiveCategories(p.getSensitiveCategories());
            }
            return b.build();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    property + " (" + p.getId() + ") is not a valid purpose: " + e.getMessage(), e);
        }
    }
}
