/**
 * The relay's contract, against a real webhook receiver on loopback.
 */
@NullMarked
package dev.consent.testkit.relay;

import org.jspecify.annotations.NullMarked;
