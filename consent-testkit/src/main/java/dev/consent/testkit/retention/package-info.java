/** The contract of retention ({@code dev.consent.retention}) over a store: {@link dev.consent.testkit.retention.RetentionContract}. */
@NullMarked
package dev.consent.testkit.retention;

import org.jspecify.annotations.NullMarked;
