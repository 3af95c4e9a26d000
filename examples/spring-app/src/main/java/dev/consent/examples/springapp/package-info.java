/**
 * A small Spring Boot web application on the consent library, to read and to run: a sign-up form with one
 * unticked checkbox per purpose, whose account row and consent records commit in one transaction; a preference
 * page where giving and withdrawing consent are one click each; an unsubscribe link that link prefetchers cannot
 * trigger and that records one withdrawal however often it is used; and the access export as a download. See
 * docs/spring-app.md.
 */
@NullMarked
package dev.consent.examples.springapp;

import org.jspecify.annotations.NullMarked;
