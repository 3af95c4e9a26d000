package dev.consent.spring;

import dev.consent.ConsentSystem;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.TransactionJoin;
import java.time.Clock;
import java.util.Base64;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Spring Boot auto-configuration of the consent system: a {@link JdbcConsentStore} over the application's
 * {@code DataSource} (created after Flyway, Liquibase and {@code spring.sql.init} have run), or the in-memory
 * store when there is none; a {@link ConsentSystem} built from the {@code consent.*} properties, the
 * application's {@link Clock} bean when there is one and {@link ConsentSystemCustomizer} beans, whose consent
 * writes join Spring-managed transactions ({@link SpringTransactionJoin}); and the purposes of
 * {@code consent.purposes} and of {@code Purpose} beans, defined at start. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"
        })
@EnableConfigurationProperties(ConsentProperties.class)
@Import({JdbcStoreConfiguration.class, MemoryStoreConfiguration.class})
public class ConsentAutoConfiguration {

    /**
     * The consent system, closed with the context (the store stays the application's). Built after the store,
     * so after the database's initialisation; the purposes are defined before it is handed out.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    ConsentSystem consentSystem(
            ConsentStore store,
            ConsentProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<TransactionJoin> join,
            ObjectProvider<ConsentSystemCustomizer> customizers,
            ObjectProvider<dev.consent.Purpose> purposes) {
        ConsentSystem.Builder builder = ConsentSystem.builder().store(store);
        clock.ifAvailable(builder::clock);
        join.ifAvailable(builder::transactionJoin);
        if (properties.getCacheMaximumSize() != null) {
            builder.cacheMaximumSize(properties.getCacheMaximumSize());
        }
        if (properties.getCacheExpireAfterWrite() != null) {
            builder.cacheExpireAfterWrite(properties.getCacheExpireAfterWrite());
        }
        if (properties.getFutureTolerance() != null) {
            builder.futureTolerance(properties.getFutureTolerance());
        }
        if (properties.getConflictRetries() != null) {
            builder.conflictRetries(properties.getConflictRetries());
        }
        if (properties.getOutagePolicy() != null) {
            builder.outagePolicy(properties.getOutagePolicy());
        }
        if (properties.getFeedPollInterval() != null) {
            builder.feedPollInterval(properties.getFeedPollInterval());
        }
        if (properties.getIntegrityKey() != null) {
            builder.integrityKey(integrityKey(properties.getIntegrityKey()));
        }
        if (properties.getCheckpointSignerKey() != null) {
            builder.checkpointSigner(checkpointSigner(properties.getCheckpointSignerKey()));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        ConsentSystem consent = builder.build();
        try {
            PurposeDefinitions.define(
                    consent, properties.getPurposes(), purposes.orderedStream().toList());
        } catch (RuntimeException e) {
            consent.close();
            throw e;
        }
        return consent;
    }

    /**
     * Publishes the ledger's signed checkpoints to {@code consent.checkpoints.directory} every
     * {@code consent.checkpoints.every}, when a directory is set (a checkpoint signer is then required).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("consent.checkpoints.directory")
    dev.consent.merkle.CheckpointPublisher consentCheckpointPublisher(
            ConsentSystem consent, ConsentProperties properties) {
        if (properties.getCheckpointSignerKey() == null) {
            throw new IllegalStateException(
                    "consent.checkpoints.directory is set but consent.checkpoint-signer-key is not: checkpoints are signed");
        }
        java.nio.file.Path directory = java.nio.file.Path.of(
                java.util.Objects.requireNonNull(properties.getCheckpoints().getDirectory(), "directory"));
        return dev.consent.merkle.CheckpointPublisher.builder(consent.ledger())
                .sink(dev.consent.merkle.CheckpointSink.directory(directory))
                .every(properties.getCheckpoints().getEvery())
                .start();
    }

    private static dev.consent.merkle.NoteSigner checkpointSigner(String signerKey) {
        try {
            return dev.consent.merkle.NoteSigner.parse(signerKey.trim());
        } catch (RuntimeException e) {
            // the message of a parse failure may quote the key: not kept
            throw new IllegalStateException(
                    "consent.checkpoint-signer-key is not an Ed25519 signer key (PRIVATE+KEY+name+id+key; its value is"
                            + " not shown)");
        }
    }

    private static byte[] integrityKey(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("consent.integrity-key is not Base64 (its value is not shown)", e);
        }
    }
}
