/**
 * Spring Boot auto-configuration of the consent system: the store over the application's {@code DataSource},
 * consent writes that take part in Spring-managed transactions, purposes from properties, and the hooks to
 * customise them. See docs/spring.md.
 */
@NullMarked
package dev.consent.spring;

import org.jspecify.annotations.NullMarked;
