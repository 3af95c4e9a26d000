/**
 * The public API of the consent library.
 *
 * <p>Start at {@link dev.consent.ConsentSystem#builder()}. A {@link dev.consent.ConsentSystem} hands out
 * the {@link dev.consent.PurposeRegistry} (what processing purposes exist, in every version), the
 * {@link dev.consent.ConsentLedger} (the append-only, hash-chained record of every decision a person
 * made) and the {@link dev.consent.Enforcer} (may this subject's data be processed for this purpose
 * now?). Storage is plugged in through {@link dev.consent.spi.ConsentStore}.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}; public methods reject
 * {@code null} arguments with a {@link java.lang.NullPointerException} naming the argument.
 */
@NullMarked
package dev.consent;

import org.jspecify.annotations.NullMarked;
