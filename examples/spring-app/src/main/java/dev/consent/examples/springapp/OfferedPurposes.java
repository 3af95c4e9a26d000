package dev.consent.examples.springapp;

import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.spring.ConsentProperties;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The purposes the forms ask about: those of {@code consent.purposes}, in the order written there, at the
 * version in force, leaving out those that are retired or rest on a legal basis other than consent (nobody is
 * asked to agree to those). Thread-safe.
 */
@Component
public class OfferedPurposes {
    private final ConsentSystem consent;
    private final List<String> ids;

    OfferedPurposes(ConsentSystem consent, ConsentProperties properties) {
        this.consent = consent;
        this.ids = properties.getPurposes().stream()
                .map(ConsentProperties.PurposeProperties::getId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /** The purposes to ask about, each at the version in force now. */
    public List<Purpose> current() {
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** The purpose {@code id} at the version in force, if the forms ask about it. */
    public Optional<Purpose> find(String id) {
        if (!ids.contains(id)) {
            return Optional.empty();
        }
        return consent.purposes().find(id).filter(p -> !p.retired() && p.legalBasis() == LegalBasis.CONSENT);
    }
}
