/**
 * Spring MVC support for the consent library: the mapping of its exceptions to RFC 9457 problem responses
 * ({@link dev.consent.spring.web.ConsentExceptionHandler}) and message converters that write an
 * {@link dev.consent.AccessExport} and a {@link dev.consent.TransparencyReport} in the library's own documented
 * JSON, so that a controller can return them as they are.
 */
@NullMarked
package dev.consent.spring.web;

import org.jspecify.annotations.NullMarked;
