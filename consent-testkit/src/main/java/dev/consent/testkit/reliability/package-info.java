/**
 * The reliability contracts of docs/reliability.md (tagged {@code reliability}), sized by the system property
 * {@code consent.reliability.scale}.
 */
@NullMarked
package dev.consent.testkit.reliability;

import org.jspecify.annotations.NullMarked;
