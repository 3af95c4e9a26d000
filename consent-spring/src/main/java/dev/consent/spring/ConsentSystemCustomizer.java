package dev.consent.spring;

import dev.consent.ConsentSystem;

/**
 * A bean hook on the {@link ConsentSystem.Builder} the auto-configuration builds from, after the
 * {@code consent.*} properties are applied, for settings properties cannot carry (the ages of consent, a
 * listener executor). Customizers run in their {@code @Order}. A setting given twice fails start-up: the
 * builder takes each once.
 */
@FunctionalInterface
public interface ConsentSystemCustomizer {
    /** Changes the builder before the system is built. */
    void customize(ConsentSystem.Builder builder);
}
