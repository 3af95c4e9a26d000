package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.TransactionJoin;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the auto-configuration creates, from which properties and beans, and when it backs off. */
class ConsentAutoConfigurationTest {
    private static final CollectionContext FORM = CollectionContext.of(Channel.WEB, "form_v1");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConsentAutoConfiguration.class))
            .withPropertyValues("consent.feed-poll-interval=0s");

    private ApplicationContextRunner withH2() {
        return runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:auto-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void withoutADataSource_theStoreIsInMemory_andNoWriteJoinsATransaction() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ConsentSystem.class);
            assertThat(context.getBean(ConsentStore.class)).isInstanceOf(InMemoryConsentStore.class);
            assertThat(context).doesNotHaveBean(TransactionJoin.class);
        });
    }

    @Test
    void withADataSource_theStoreIsJdbc_withThePrefixAndTheJoin() {
        withH2().withPropertyValues("consent.jdbc.table-prefix=app_consent_").run(context -> {
            JdbcConsentStore store = context.getBean(JdbcConsentStore.class);
            assertThat(store.tablePrefix()).isEqualTo("app_consent_");
            assertThat(context).hasSingleBean(SpringTransactionJoin.class);
        });
    }

    @Test
    void consentStoreMemory_keepsTheLedgerInMemory_evenWithADataSource() {
        withH2().withPropertyValues("consent.store=memory")
                .run(context ->
                        assertThat(context.getBean(ConsentStore.class)).isInstanceOf(InMemoryConsentStore.class));
    }

    @Test
    void consentStoreJdbc_withoutADataSource_failsStartUp_sayingWhy() {
        runner.withPropertyValues("consent.store=jdbc")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("consent.store=jdbc")
                        .hasMessageContaining("DataSource"));
    }

    @Test
    void joinTransactionsFalse_leavesWritesInTheirOwnTransactions() {
        withH2().withPropertyValues("consent.join-transactions=false")
                .run(context -> assertThat(context).doesNotHaveBean(TransactionJoin.class));
    }

    @Test
    void thePurposesOfThePropertiesAndOfPurposeBeans_areDefinedAtStart() {
        runner.withUserConfiguration(PurposeBean.class)
                .withPropertyValues(
                        "consent.purposes[0].id=marketing.email",
                        "consent.purposes[0].title=Newsletter",
                        "consent.purposes[0].description=News by email.",
                        "consent.purposes[0].group=marketing",
                        "consent.purposes[0].max-age=P13M",
                        "consent.purposes[0].recipients[0]=Mailer Ltd",
                        "consent.purposes[1].id=security.logs",
                        "consent.purposes[1].title=Security logs",
                        "consent.purposes[1].description=Logs kept to protect the service.",
                        "consent.purposes[1].legal-basis=legitimate-interest",
                        "consent.purposes[2].id=analytics.product",
                        "consent.purposes[2].title=Analytics",
                        "consent.purposes[2].description=How the product is used.",
                        "consent.purposes[2].max-age=90d")
                .run(context -> {
                    ConsentSystem consent = context.getBean(ConsentSystem.class);
                    Purpose email = consent.purposes().get("marketing.email");
                    assertThat(email.maxAgePeriod()).hasValue(Period.ofMonths(13));
                    assertThat(email.group()).hasValue("marketing");
                    assertThat(email.recipients()).containsExactly("Mailer Ltd");
                    assertThat(consent.purposes().get("security.logs").legalBasis())
                            .isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
                    assertThat(consent.purposes().get("analytics.product").maxAge())
                            .hasValue(java.time.Duration.ofDays(90));
                    assertThat(consent.purposes().get("billing.invoices").legalBasis())
                            .isEqualTo(LegalBasis.CONTRACT);
                });
    }

    @Test
    void aPurposeVersionDefinedAgainWithOtherText_failsStartUp_namingThePurposeAndWhatToDo() {
        String url = "jdbc:h2:mem:conflict-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ApplicationContextRunner first = runner.withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "consent.purposes[0].id=marketing.email",
                        "consent.purposes[0].title=Newsletter",
                        "consent.purposes[0].description=News by email.");
        first.run(context -> assertThat(context).hasNotFailed());
        first.run(context ->
                assertThat(context).as("the same text again: a no-op").hasNotFailed());
        first.withPropertyValues("consent.purposes[0].description=News and offers by email.")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("marketing.email"));
        first.withPropertyValues("consent.purposes[0].description=News and offers by email.")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("give the changed text the next version"));
        first.withPropertyValues(
                        "consent.purposes[0].version=2", "consent.purposes[0].description=News and offers by email.")
                .run(context -> assertThat(context.getBean(ConsentSystem.class)
                                .purposes()
                                .get("marketing.email")
                                .version())
                        .isEqualTo(2));
    }

    @Test
    void aBadPurposeProperty_failsStartUp_namingTheProperty() {
        runner.withPropertyValues("consent.purposes[0].title=No id")
                .run(context ->
                        assertThat(context.getStartupFailure()).hasStackTraceContaining("consent.purposes[0].id"));
        runner.withPropertyValues(
                        "consent.purposes[0].id=x.y",
                        "consent.purposes[0].title=T",
                        "consent.purposes[0].description=D",
                        "consent.purposes[0].max-age=soon")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("consent.purposes[0]"));
    }

    @Test
    void theApplicationsClock_customizersAndProperties_reachTheSystem() {
        runner.withUserConfiguration(FixedClockAndCustomizer.class)
                .withPropertyValues(
                        "consent.purposes[0].id=marketing.email",
                        "consent.purposes[0].title=Newsletter",
                        "consent.purposes[0].description=News by email.")
                .run(context -> {
                    ConsentSystem consent = context.getBean(ConsentSystem.class);
                    var result = consent.ledger().grant("user-1", "marketing.email", FORM);
                    assertThat(result.records().get(0).recordedAt()).isEqualTo(FixedClockAndCustomizer.NOW);
                    assertThat(context.getBean(FixedClockAndCustomizer.class).customized)
                            .isTrue();
                });
    }

    @Test
    void anApplicationsOwnBeans_winOverTheAutoConfiguration() {
        runner.withUserConfiguration(OwnStore.class).run(context -> {
            assertThat(context.getBean(ConsentStore.class)).isSameAs(context.getBean(OwnStore.class).store);
            assertThat(context).hasSingleBean(ConsentStore.class);
        });
    }

    @Test
    void anInvalidIntegrityKey_failsStartUp_withoutShowingIt() {
        runner.withPropertyValues("consent.integrity-key=not*base64*secret")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("consent.integrity-key")
                        .satisfies(e -> assertThat(e.toString()).doesNotContain("not*base64*secret")));
    }

    @Test
    void aCheckpointSignerKeyAndDirectory_signAndPublishCheckpoints(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.consent.merkle.NoteSigner signer = dev.consent.merkle.NoteSigner.generate("shop.example/consent");
        runner.withPropertyValues(
                        "consent.checkpoint-signer-key=" + signer.toSignerKey(),
                        "consent.checkpoints.directory=" + dir,
                        "consent.checkpoints.every=50ms")
                .run(context -> {
                    ConsentSystem consent = context.getBean(ConsentSystem.class);
                    dev.consent.merkle.SignedCheckpoint cp = consent.ledger().checkpoint();
                    assertThat(cp.checkpoint().origin()).isEqualTo("shop.example/consent");
                    cp.verify(signer.verifier());
                    dev.consent.merkle.CheckpointPublisher publisher =
                            context.getBean(dev.consent.merkle.CheckpointPublisher.class);
                    assertThat(publisher.publish().size())
                            .isEqualTo(consent.ledger().headPosition());
                    assertThat(dir.resolve("checkpoint.latest")).exists();
                    dev.consent.merkle.SignedCheckpoint.parse(
                            java.nio.file.Files.readString(dir.resolve("checkpoint.latest")), signer.verifier());
                });
    }

    @Test
    void anInvalidCheckpointSignerKey_failsStartUp_withoutShowingIt() {
        runner.withPropertyValues("consent.checkpoint-signer-key=PRIVATE+KEY+not-a-key")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("consent.checkpoint-signer-key")
                        .satisfies(e -> assertThat(e.toString()).doesNotContain("not-a-key")));
        runner.withPropertyValues("consent.checkpoints.directory=target/checkpoints")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("consent.checkpoint-signer-key is not"));
    }

    @Configuration(proxyBeanMethods = false)
    static class PurposeBean {
        @Bean
        Purpose invoices() {
            return Purpose.builder("billing.invoices")
                    .title("Invoices")
                    .description("Invoices for what you bought.")
                    .legalBasis(LegalBasis.CONTRACT)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FixedClockAndCustomizer {
        static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
        boolean customized;

        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }

        @Bean
        ConsentSystemCustomizer conflictRetries() {
            return builder -> {
                builder.conflictRetries(3);
                customized = true;
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        final InMemoryConsentStore store = new InMemoryConsentStore();

        @Bean
        ConsentStore myStore() {
            return store;
        }
    }
}
