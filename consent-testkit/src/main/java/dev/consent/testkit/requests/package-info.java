/**
 * The contract of carrying data-subject requests out ({@code DataSubjectRequests.carryOut}) over a consent store
 * and a request store: stages, concurrency, retries, timeouts, resumption and the access package.
 */
@NullMarked
package dev.consent.testkit.requests;

import org.jspecify.annotations.NullMarked;
