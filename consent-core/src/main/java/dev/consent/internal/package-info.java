/**
 * Implementation of the public API. Not API: anything here may change in any release.
 */
@NullMarked
package dev.consent.internal;

import org.jspecify.annotations.NullMarked;
