/**
 * The storage service-provider interface: what a store must do so that the ledger can live in it.
 *
 * <p>A store is handed to {@link dev.consent.ConsentSystem.Builder#store(ConsentStore)} explicitly; it is
 * never discovered on the class path. Every store must pass the test kit shipped as {@code consent-testkit}
 * ({@code dev.consent.testkit.ConsentStoreKit}, subclassed once).
 */
@NullMarked
package dev.consent.spi;

import org.jspecify.annotations.NullMarked;
