/**
 * The contracts of data-subject requests: the desk's lifecycle, deadlines, queries and figures, and the
 * carrying out of access and erasure requests, over any store's {@link dev.consent.requests.RequestStore}.
 */
package dev.consent.testkit.requests;
