package dev.consent.spring;

import static dev.consent.spring.app.Owners.FORM;
import static dev.consent.spring.app.Owners.NEWSLETTER;
import static dev.consent.spring.app.Owners.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Subscription;
import dev.consent.TransactionInProgressException;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spring.app.OwnerRepository;
import dev.consent.spring.app.Owners;
import dev.consent.spring.app.TestApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Spring Boot application with JPA records consent in its own transactions with no transaction code of its
 * own: the consent records commit and roll back with the application's entities, the cache and listeners see
 * them at Spring's commit and never before, REQUIRES_NEW and NESTED behave as Spring's propagation says, and the
 * mistakes of hand-written bridges stay fixed. One application context per database, from the properties a
 * subclass gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringTransactionsContract {
    private ConfigurableApplicationContext context;
    private ConsentSystem consent;
    private Owners service;
    private OwnerRepository owners;
    private final List<ConsentChange> heard = new CopyOnWriteArrayList<>();
    private Subscription subscription;
    private String prefix;

    /** The {@code spring.datasource.*} properties of the database under test. */
    abstract Map<String, Object> dataSource();

    /** Drops what the tests created, on databases that outlive the test. */
    void dropTables(Map<String, Object> dataSource, String prefix) {}

    @BeforeAll
    void start() {
        prefix = "sptx_" + UUID.randomUUID().toString().substring(0, 6) + "_";
        Map<String, Object> properties = new java.util.HashMap<>(dataSource());
        properties.put("spring.jpa.hibernate.ddl-auto", "create-drop");
        properties.put("spring.jpa.open-in-view", "false");
        properties.put("spring.flyway.enabled", "false"); // the store migrates its own tables here
        properties.put("spring.liquibase.enabled", "false");
        properties.put("spring.main.banner-mode", "off");
        properties.put("debug", System.getProperty("consent.test.springDebug", "false"));
        properties.put("consent.jdbc.table-prefix", prefix);
        properties.put("consent.feed-poll-interval", "0s"); // the cache hears of commits from the bridge alone
        properties.put("consent.purposes[0].id", NEWSLETTER);
        properties.put("consent.purposes[0].title", "Newsletter");
        properties.put("consent.purposes[0].description", "News about the clinic, by email.");
        properties.put("consent.purposes[0].max-age", "P13M");
        properties.put("consent.purposes[1].id", SMS);
        properties.put("consent.purposes[1].title", "Text messages");
        properties.put("consent.purposes[1].description", "Reminders by text message.");
        context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
        if (Boolean.getBoolean("consent.test.springDebug")) {
            org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.get(context.getBeanFactory())
                    .getConditionAndOutcomesBySource()
                    .forEach((k, v) -> {
                        if (k.contains("Consent") || k.contains("DataSource")) {
                            System.out.println("CONDITION " + k + " -> " + v.isFullMatch() + " " + v);
                        }
                    });
        }
        consent = context.getBean(ConsentSystem.class);
        service = context.getBean(Owners.class);
        owners = context.getBean(OwnerRepository.class);
        subscription = consent.subscribe(heard::add);
    }

    @AfterAll
    void stop() {
        if (context == null) {
            return;
        }
        subscription.close();
        context.close();
        dropTables(dataSource(), prefix);
    }

    @BeforeEach
    void forget() {
        heard.clear();
    }

    @AfterEach
    void nothingHeardTwice() {
        assertThat(heard).extracting(ConsentChange::position).doesNotHaveDuplicates();
    }

    @Test
    void theStoreIsTheApplicationsDataSource_andThePurposesAreDefined() {
        assertThat(context.getBean(dev.consent.spi.ConsentStore.class)).isInstanceOf(JdbcConsentStore.class);
        assertThat(consent.purposes().get(NEWSLETTER).title()).isEqualTo("Newsletter");
        assertThat(consent.purposes().get(NEWSLETTER).maxAgePeriod()).hasValue(java.time.Period.ofMonths(13));
    }

    @Test
    void aSignUpThatCommits_keepsTheOwnerAndTheConsent_andTheCacheAndListenersSeeItAtTheCommit() {
        String id = newId();
        AtomicReference<Decision> beforeCommit = new AtomicReference<>();
        service.signUpAndCheck(id, beforeCommit::set);

        assertThat(beforeCommit.get().reason())
                .as("a check inside the transaction")
                .isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(owners.existsById(id)).isTrue();
        assertThat(consent.enforcer().check(id, NEWSLETTER).reason())
                .as("right after the commit, with no feed polling")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(heard).extracting(ConsentChange::subject).containsExactly(id);
    }

    /**
     * Regression: the plain-JDBC recipe (commit through the JdbcTransaction) inside a @Transactional method
     * committed early, so a failure after it kept the grant; here both roll back.
     */
    @Test
    void aSignUpThatFailsAfterTheConsent_keepsNeitherTheOwnerNorTheConsent_andTellsNoOne() {
        String id = newId();
        assertThatThrownBy(() -> service.signUp(id, true)).hasMessageContaining("sign-up failed");

        assertThat(owners.existsById(id)).isFalse();
        assertThat(consent.ledger().history(id)).isEmpty();
        assertThat(consent.enforcer().check(id, NEWSLETTER).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(heard).isEmpty();
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    /**
     * Regression: a bridge without suspend and resume wrote the record of an inner REQUIRES_NEW transaction
     * on the outer transaction's connection, so the outer rollback took it away.
     */
    @Test
    void aGrantInRequiresNew_commitsOnItsOwn_evenWhenTheOuterTransactionRollsBack() {
        String id = newId();
        assertThatThrownBy(() -> service.signUpWithConsentInNewTransaction(id, true))
                .hasMessageContaining("outer transaction failed");

        assertThat(owners.existsById(id)).isFalse();
        assertThat(consent.ledger().history(id)).hasSize(1);
        assertThat(consent.enforcer().check(id, NEWSLETTER).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(heard).hasSize(1);
    }

    /**
     * Regression: a second consent write of the thread, in REQUIRES_NEW or outside the transaction, waited 5 s
     * for the ledger lock its own open transaction held, then failed as a store outage.
     */
    @Test
    void aSecondWriteThatWouldWaitForTheThreadsOwnTransaction_failsAtOnce_andTheOuterRollsBack() {
        String first = newId();
        long started = System.nanoTime();
        assertThatThrownBy(() -> service.grantThenGrantInNewTransaction(first))
                .isInstanceOf(TransactionInProgressException.class);
        String second = newId();
        assertThatThrownBy(() -> service.grantThenGrantOutsideTheTransaction(second))
                .isInstanceOf(TransactionInProgressException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

        assertThat(consent.ledger().history(first)).isEmpty();
        assertThat(consent.ledger().history(second)).isEmpty();
        assertThat(heard).isEmpty();
        service.signUp(first, false); // the thread writes again once those transactions ended
        assertThat(consent.ledger().history(first)).hasSize(1);
    }

    /**
     * NESTED (a savepoint) under Spring's JDBC transaction manager; the JPA one does not offer savepoints. A
     * rollback to the savepoint takes the consent written after it away, from the database and from what
     * listeners hear; the outer transaction keeps its own.
     */
    @Test
    void aNestedTransactionRolledBack_takesItsConsentAway_andTheOuterKeepsItsOwn() {
        String id = newId();
        TransactionTemplate outer = jdbcTransactions(TransactionDefinition.PROPAGATION_REQUIRED);
        TransactionTemplate nested = jdbcTransactions(TransactionDefinition.PROPAGATION_NESTED);
        outer.executeWithoutResult(status -> {
            consent.ledger().grant(id, NEWSLETTER, FORM);
            nested.executeWithoutResult(inner -> {
                consent.ledger().grant(id, SMS, FORM);
                inner.setRollbackOnly();
            });
        });

        assertThat(consent.ledger().history(id))
                .extracting(ConsentRecord::purposeId)
                .containsExactly(NEWSLETTER);
        assertThat(consent.enforcer().check(id, SMS).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).records()).extracting(ConsentRecord::purposeId).containsExactly(NEWSLETTER);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    /** A savepoint set before the transaction's first consent write, rolled back: every consent write goes. */
    @Test
    void aNestedTransactionRolledBack_beforeAnyOuterConsent_leavesNothingToTell() {
        String id = newId();
        TransactionTemplate outer = jdbcTransactions(TransactionDefinition.PROPAGATION_REQUIRED);
        TransactionTemplate nested = jdbcTransactions(TransactionDefinition.PROPAGATION_NESTED);
        outer.executeWithoutResult(status -> {
            nested.executeWithoutResult(inner -> {
                consent.ledger().grant(id, SMS, FORM);
                inner.setRollbackOnly();
            });
            nested.executeWithoutResult(inner -> consent.ledger().grant(id, NEWSLETTER, FORM));
        });

        assertThat(consent.ledger().history(id))
                .extracting(ConsentRecord::purposeId)
                .containsExactly(NEWSLETTER);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).records()).extracting(ConsentRecord::purposeId).containsExactly(NEWSLETTER);
    }

    @Test
    void aNestedTransactionThatCompletes_commitsWithTheOuter() {
        String id = newId();
        TransactionTemplate outer = jdbcTransactions(TransactionDefinition.PROPAGATION_REQUIRED);
        TransactionTemplate nested = jdbcTransactions(TransactionDefinition.PROPAGATION_NESTED);
        outer.executeWithoutResult(status -> {
            consent.ledger().grant(id, NEWSLETTER, FORM);
            nested.executeWithoutResult(inner -> consent.ledger().grant(id, SMS, FORM));
        });

        assertThat(consent.ledger().history(id)).hasSize(2);
        assertThat(consent.enforcer().check(id, SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(heard).hasSize(2);
    }

    private TransactionTemplate jdbcTransactions(int propagation) {
        TransactionTemplate t = new TransactionTemplate(new JdbcTransactionManager(context.getBean(DataSource.class)));
        t.setPropagationBehavior(propagation);
        return t;
    }

    @Test
    void aTransactionTemplate_andJdbcTemplate_shareTheTransaction() {
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        String id = newId();
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO consent_spring_test_owner (id) VALUES (?)", id);
            consent.ledger().grant(id, NEWSLETTER, FORM);
            status.setRollbackOnly();
        });
        assertThat(owners.existsById(id)).isFalse();
        assertThat(consent.ledger().history(id)).isEmpty();

        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO consent_spring_test_owner (id) VALUES (?)", id);
            consent.ledger().grant(id, NEWSLETTER, FORM);
            consent.ledger().withdraw(id, NEWSLETTER, FORM); // builds on the grant, inside the transaction
        });
        assertThat(owners.existsById(id)).isTrue();
        assertThat(consent.ledger().history(id)).hasSize(2);
        assertThat(consent.enforcer().check(id, NEWSLETTER).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(heard).hasSize(2);
    }

    @Test
    void aWriteOutsideAnyTransaction_commitsOnItsOwn() {
        String id = newId();
        consent.ledger().grant(id, NEWSLETTER, FORM);
        assertThat(consent.enforcer().check(id, NEWSLETTER).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(heard).hasSize(1);
    }

    @Test
    void manyWritesFromManyThreads_eachInItsOwnSpringTransaction_allCommit() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    String id = newId();
                    try {
                        service.signUp(id, false);
                        ids.add(id);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(ids).hasSize(40);
        for (String id : ids) {
            assertThat(consent.enforcer().check(id, NEWSLETTER).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        }
        assertThat(heard).hasSize(40);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    private static String newId() {
        return "owner-" + UUID.randomUUID();
    }
}
