/**
 * Actuator and Micrometer support for the consent system: the {@code consent} health indicator
 * ({@link dev.consent.spring.actuate.ConsentHealthIndicator}) and the {@code consent.*} meters
 * ({@link dev.consent.spring.actuate.ConsentMetrics}), each auto-configured when its library is on the
 * classpath. Neither reports personal data: subject ids never appear in details, tags or names.
 */
@NullMarked
package dev.consent.spring.actuate;

import org.jspecify.annotations.NullMarked;
