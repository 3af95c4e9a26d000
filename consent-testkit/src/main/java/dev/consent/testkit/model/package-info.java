/**
 * The model-based property test of the decision rules: random histories of purpose definitions, decisions,
 * links, erasures, deaths and clock moves ({@link dev.consent.testkit.model.Step}), an independent model of
 * the documented decision table ({@link dev.consent.testkit.model.Model}) that every answer of a
 * {@code ConsentSystem} is compared with, and the shrinking of a failing history to a minimal one.
 */
@NullMarked
package dev.consent.testkit.model;

import org.jspecify.annotations.NullMarked;
