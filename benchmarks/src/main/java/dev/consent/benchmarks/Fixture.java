package dev.consent.benchmarks;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;

/** What every benchmark sets up the same way: purposes, a collection context, stores, populations. */
final class Fixture {
    static final String EMAIL = "marketing.email";
    /** The recipient version 1 of {@link #EMAIL} names, which every subject agreed to. */
    static final String MAILER = "Mailer Ltd";
    /** A recipient {@link CachedChecks} adds in version 2 of {@link #EMAIL}, which nobody agreed to. */
    static final String PARTNER = "Partner Co";

    static final String SMS = "marketing.sms";
    static final Duration EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);
    static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup_form_v3");
    static final CollectionContext IMPORT = CollectionContext.of(Channel.IMPORT, "crm_import_2026");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Fixture() {}

    /** A system over {@code store}, not following the feed (no one else writes), with a cache of {@code size}. */
    static ConsentSystem system(ConsentStore store, long cacheSize) {
        ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .cacheMaximumSize(cacheSize)
                .cacheExpireAfterWrite(EXPIRE_AFTER_WRITE)
                .feedPollInterval(Duration.ZERO)
                .build();
        definePurposes(consent);
        return consent;
    }

    /** Defines the two purposes every benchmark uses: {@link #EMAIL} (granted) and {@link #SMS}. */
    static void definePurposes(ConsentSystem consent) {
        consent.purposes()
                .define(Purpose.builder(EMAIL)
                        .title("Marketing e-mail")
                        .description("News and offers by e-mail, about once a month.")
                        .legalBasis(LegalBasis.CONSENT)
                        .maxAge(Duration.ofDays(395))
                        .recipients(java.util.List.of(MAILER))
                        .build());
        consent.purposes()
                .define(Purpose.builder(SMS)
                        .title("Marketing SMS")
                        .description("Offers by text message.")
                        .legalBasis(LegalBasis.CONSENT)
                        .build());
    }

    /** Each subject grants e-mail and refuses SMS, in one interaction. */
    static void populate(ConsentSystem consent, String[] subjects) {
        for (String s : subjects) {
            consent.ledger()
                    .record(Interaction.builder(s)
                            .context(WEB)
                            .grant(EMAIL)
                            .deny(SMS)
                            .build());
        }
    }

    /** A fresh in-memory H2 database of its own. */
    static JdbcConnectionPool h2() {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:mem:bench" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(16);
        return pool;
    }

    /** Drops the in-memory database and closes its pool. */
    static void dispose(JdbcConnectionPool pool) {
        try (var c = pool.getConnection();
                var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            // already gone
        }
        pool.dispose();
    }

    /** A JDBC store with the library's tables under {@code prefix} in {@code pool}'s database. */
    static JdbcConsentStore jdbcStore(JdbcConnectionPool pool, String prefix) {
        return JdbcConsentStore.builder(pool).tablePrefix(prefix).build();
    }
}
