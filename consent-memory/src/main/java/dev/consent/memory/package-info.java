/**
 * An in-memory {@link dev.consent.spi.ConsentStore}: {@link dev.consent.memory.InMemoryConsentStore}.
 */
@NullMarked
package dev.consent.memory;

import org.jspecify.annotations.NullMarked;
