/**
 * Reports rendered for people: {@link dev.consent.reporting.HtmlReport} writes a transparency report (and,
 * when given, the figures of data-subject requests) as one self-contained HTML page with its charts drawn as
 * inline SVG. Built on the public API ({@code dev.consent} and {@code dev.consent.requests}) only.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.reporting;

import org.jspecify.annotations.NullMarked;
