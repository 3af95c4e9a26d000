/**
 * The behaviour contracts: a whole {@code ConsentSystem} over the store under test, one contract per topic, and
 * the store wrappers and fixtures they use.
 */
@NullMarked
package dev.consent.testkit.behaviour;

import org.jspecify.annotations.NullMarked;
