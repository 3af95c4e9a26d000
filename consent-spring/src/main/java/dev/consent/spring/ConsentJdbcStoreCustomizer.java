package dev.consent.spring;

import dev.consent.jdbc.JdbcConsentStore;

/**
 * A bean hook on the {@link JdbcConsentStore.Builder} the auto-configuration builds the store from, after the
 * {@code consent.jdbc.*} properties are applied. Customizers run in their {@code @Order}.
 */
@FunctionalInterface
public interface ConsentJdbcStoreCustomizer {
    /** Changes the builder before the store is built. */
    void customize(JdbcConsentStore.Builder builder);
}
