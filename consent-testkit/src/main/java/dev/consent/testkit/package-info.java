/**
 * The test kit of consent stores: {@link dev.consent.testkit.ConsentStoreKit}, subclassed once by a store module,
 * runs every contract of the packages below as nested topics.
 */
@NullMarked
package dev.consent.testkit;

import org.jspecify.annotations.NullMarked;
