package dev.consent.examples.springapp;

import dev.consent.TransactionalLedger;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.TransactionJoin;
import dev.consent.spring.SpringTransactionJoin;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The auto-configuration's {@link SpringTransactionJoin}, counting the consent writes that joined a Spring
 * transaction: a test sees that a write was made inside a transaction that then rolled back, which the ledger
 * itself no longer shows.
 */
final class CountingJoin implements TransactionJoin {
    private final SpringTransactionJoin delegate;
    private final AtomicInteger joined = new AtomicInteger();

    CountingJoin(SpringTransactionJoin delegate) {
        this.delegate = delegate;
    }

    @Override
    public @Nullable TransactionalLedger joined(Function<StoreTransaction, TransactionalLedger> open) {
        TransactionalLedger ledger = delegate.joined(open);
        if (ledger != null) {
            joined.incrementAndGet();
        }
        return ledger;
    }

    /** The consent writes so far that joined a Spring transaction. */
    int count() {
        return joined.get();
    }

    /** Puts the counting join in place of the auto-configured one (which backs off). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        CountingJoin consentTransactionJoin(DataSource dataSource, JdbcConsentStore store) {
            return new CountingJoin(new SpringTransactionJoin(dataSource, store));
        }
    }
}
