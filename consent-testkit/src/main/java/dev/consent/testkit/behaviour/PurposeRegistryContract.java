package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import dev.consent.PurposeRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The purpose registry: versions are immutable, all stay readable, and the fingerprint tracks them. */
public abstract class PurposeRegistryContract extends BehaviourContract {

    private static Purpose editorialV2() {
        return Fixtures.email().toBuilder()
                .version(2)
                .description("News and offers by e-mail, twice a month.")
                .build();
    }

    @Test
    void define_keepsEveryField_andStampsThePublicationTime() {
        PurposeRegistry registry = system().purposes();
        Purpose given = Purpose.builder("research.survey")
                .version(1)
                .title("Surveys")
                .description("We ask you about our service now and then.")
                .legalBasis(LegalBasis.CONSENT)
                .group("research")
                .maxAge(Duration.ofDays(30))
                .minValidVersion(1)
                .recipients(List.of("Survey Co", "Panel GmbH"))
                .build();

        Purpose stored = registry.define(given);

        assertThat(stored).isEqualTo(given);
        assertThat(stored.definedAt()).contains(Fixtures.START);
        Purpose found = registry.find("research.survey").orElseThrow();
        assertThat(found.id()).isEqualTo("research.survey");
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.title()).isEqualTo("Surveys");
        assertThat(found.description()).isEqualTo("We ask you about our service now and then.");
        assertThat(found.legalBasis()).isEqualTo(LegalBasis.CONSENT);
        assertThat(found.group()).contains("research");
        assertThat(found.maxAge()).contains(Duration.ofDays(30));
        assertThat(found.minValidVersion()).isEqualTo(1);
        assertThat(found.recipients()).containsExactly("Survey Co", "Panel GmbH");
        assertThat(found.retired()).isFalse();
        assertThat(found.definedAt()).contains(Fixtures.START);
        assertThat(registry.get("research.survey")).isEqualTo(given);
        assertThat(registry.group("research")).containsExactly(given);
    }

    @Test
    void newVersion_neverAltersAnEarlierOne_andEveryVersionStaysReadable() {
        PurposeRegistry registry = system().purposes();
        Purpose v1 = registry.define(Fixtures.email());
        clock.advance(Duration.ofDays(3));
        Purpose v2 = registry.define(editorialV2());
        clock.advance(Duration.ofDays(3));
        Purpose v3 = registry.define(editorialV2().toBuilder()
                .version(3)
                .title("E-mail news")
                .materialChange()
                .build());

        assertThat(registry.find(EMAIL, 1)).contains(Fixtures.email());
        assertThat(registry.find(EMAIL, 1).orElseThrow().description())
                .isEqualTo("News and offers by e-mail, about once a month.");
        assertThat(registry.find(EMAIL, 1).orElseThrow().definedAt()).contains(Fixtures.START);
        assertThat(registry.find(EMAIL, 2)).contains(v2);
        assertThat(registry.find(EMAIL, 3)).contains(v3);
        assertThat(registry.find(EMAIL, 4)).isEmpty();
        assertThat(registry.versions(EMAIL)).containsExactly(v1, v2, v3);
        assertThat(registry.versions(EMAIL))
                .extracting(p -> p.definedAt().orElseThrow())
                .containsExactly(
                        Fixtures.START,
                        Fixtures.START.plus(Duration.ofDays(3)),
                        Fixtures.START.plus(Duration.ofDays(6)));
        assertThat(registry.get(EMAIL)).isEqualTo(v3);
        assertThat(registry.current()).containsExactly(v3);
    }

    @Test
    void redefiningAVersion_withOtherContent_isAConflict_andChangesNothing() {
        PurposeRegistry registry = system().purposes();
        registry.define(Fixtures.email());
        String fingerprint = registry.fingerprint();

        Purpose changed =
                Fixtures.email().toBuilder().description("Daily offers.").build();

        assertThatThrownBy(() -> registry.define(changed))
                .isInstanceOf(PurposeConflictException.class)
                .hasMessageContaining(EMAIL)
                .hasMessageContaining("version 1");
        assertThat(registry.versions(EMAIL)).containsExactly(Fixtures.email());
        assertThat(registry.get(EMAIL).description()).isEqualTo("News and offers by e-mail, about once a month.");
        assertThat(registry.fingerprint()).isEqualTo(fingerprint);
        assertThat(system().purposes().versions(EMAIL)).containsExactly(Fixtures.email());
    }

    @Test
    void redefiningAVersion_withIdenticalContent_isANoOp() {
        PurposeRegistry registry = system().purposes();
        Purpose first = registry.define(Fixtures.email());
        String fingerprint = registry.fingerprint();
        clock.advance(Duration.ofHours(1));

        Purpose again = registry.define(Fixtures.email());

        assertThat(again).isEqualTo(first);
        assertThat(again.definedAt()).isEqualTo(first.definedAt());
        assertThat(registry.versions(EMAIL)).hasSize(1);
        assertThat(registry.fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    void skippingAVersion_isAConflict() {
        PurposeRegistry registry = system().purposes();
        assertThatThrownBy(() ->
                        registry.define(Fixtures.email().toBuilder().version(2).build()))
                .isInstanceOf(PurposeConflictException.class)
                .hasMessageContaining(EMAIL);
        registry.define(Fixtures.email());

        assertThatThrownBy(() ->
                        registry.define(editorialV2().toBuilder().version(3).build()))
                .isInstanceOf(PurposeConflictException.class)
                .hasMessageContaining(EMAIL)
                .hasMessageContaining("3");
        assertThat(registry.versions(EMAIL)).hasSize(1);
        assertThat(registry.find(EMAIL, 3)).isEmpty();
    }

    @Test
    void changingTheLegalBasis_acrossVersions_isAConflict() {
        PurposeRegistry registry = system().purposes();
        registry.define(Fixtures.analytics());
        Purpose asConsent = Fixtures.analytics().toBuilder()
                .version(2)
                .legalBasis(LegalBasis.CONSENT)
                .build();

        assertThatThrownBy(() -> registry.define(asConsent))
                .isInstanceOf(PurposeConflictException.class)
                .hasMessageContaining(Fixtures.ANALYTICS)
                .hasMessageContaining("LEGITIMATE_INTEREST");
        assertThat(registry.versions(Fixtures.ANALYTICS)).hasSize(1);
        assertThat(registry.get(Fixtures.ANALYTICS).legalBasis()).isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
    }

    @Test
    void fingerprint_changesWhenTheDefinitionsChange() {
        PurposeRegistry registry = system().purposes();
        String empty = registry.fingerprint();
        registry.define(Fixtures.email());
        String one = registry.fingerprint();
        registry.define(Fixtures.sms());
        String two = registry.fingerprint();
        registry.define(editorialV2());
        String newVersion = registry.fingerprint();
        registry.define(Fixtures.sms().toBuilder().version(2).retired(true).build());
        String retired = registry.fingerprint();

        assertThat(List.of(empty, one, two, newVersion, retired))
                .doesNotHaveDuplicates()
                .allSatisfy(f -> assertThat(f).matches("[0-9a-f]{64}"));
    }

    @Test
    void fingerprint_isEqualAcrossSystems_overStoresWithTheSameDefinitions() {
        ConsentSystem a = system();
        Fixtures.defineStandard(a.purposes());
        a.purposes().define(editorialV2());
        clock.advance(Duration.ofDays(10));
        ConsentSystem b = systemOver(anotherStore(), s -> {});
        b.purposes().define(Fixtures.billing());
        b.purposes().define(Fixtures.analytics());
        b.purposes().define(Fixtures.sms());
        b.purposes().define(Fixtures.email());
        b.purposes().define(editorialV2());

        assertThat(b.purposes().fingerprint()).isEqualTo(a.purposes().fingerprint());
        b.purposes().define(Fixtures.simple("extra.purpose", LegalBasis.CONTRACT));
        assertThat(b.purposes().fingerprint()).isNotEqualTo(a.purposes().fingerprint());
    }

    @Test
    void fingerprintAndDefinitions_surviveARestart_overTheSameStore() {
        ConsentSystem first = system();
        Fixtures.defineStandard(first.purposes());
        first.purposes().define(editorialV2());
        String fingerprint = first.purposes().fingerprint();
        List<Purpose> current = first.purposes().current();
        Instant v2Defined =
                first.purposes().find(EMAIL, 2).orElseThrow().definedAt().orElseThrow();
        first.close();

        ConsentSystem restarted = system();

        assertThat(restarted.purposes().fingerprint()).isEqualTo(fingerprint);
        assertThat(restarted.purposes().current()).containsExactlyElementsOf(current);
        assertThat(restarted.purposes().versions(EMAIL)).containsExactly(Fixtures.email(), editorialV2());
        assertThat(restarted.purposes().find(EMAIL, 2).orElseThrow().definedAt())
                .contains(v2Defined);
    }

    @Test
    void current_listsEveryPurposeSortedById_retiredOnesIncluded() {
        PurposeRegistry registry = system().purposes();
        Fixtures.defineStandard(registry);
        registry.define(Fixtures.sms().toBuilder().version(2).retired(true).build());

        assertThat(registry.current())
                .extracting(Purpose::id)
                .containsExactly(Fixtures.ANALYTICS, Fixtures.BILLING, EMAIL, Fixtures.SMS);
        assertThat(registry.get(Fixtures.SMS).retired()).isTrue();
        assertThat(registry.group("marketing")).extracting(Purpose::id).containsExactly(EMAIL, Fixtures.SMS);
        assertThat(registry.find(Fixtures.UNDEFINED)).isEmpty();
        assertThat(registry.versions(Fixtures.UNDEFINED)).isEmpty();
    }
}
