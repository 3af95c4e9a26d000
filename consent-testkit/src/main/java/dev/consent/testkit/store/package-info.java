/**
 * The storage SPI's contract ({@link dev.consent.testkit.store.ConsentStoreContract}), the relay state's and the
 * request store's, with {@link dev.consent.testkit.store.TestRecords} to build valid hash chains.
 */
@NullMarked
package dev.consent.testkit.store;

import org.jspecify.annotations.NullMarked;
