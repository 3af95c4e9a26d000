package dev.consent.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires consent before a method of a Spring bean runs: the subject is computed from the call's arguments,
 * then {@code enforcer().require(subject, purpose)} (or, with a {@link #recipient()}, the recipient-scoped
 * {@code require}) is called; when processing is not allowed the method does not run and the caller gets the
 * {@link dev.consent.ProcessingDeniedException} (a 403 in a web application with the consent web mapping).
 *
 * <pre>{@code
 * @RequiresConsent(purpose = "marketing.email", subject = "#owner.id")
 * public void sendNewsletter(Owner owner) { ... }
 * }</pre>
 *
 * <p>Applied by {@link RequiresConsentAdvisor}, which the auto-configuration registers; like any Spring proxy
 * advice it applies to calls through the bean's proxy, not to a call from the bean to itself. The cached check
 * decides (see {@link dev.consent.Enforcer#require(String, String)}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresConsent {
    /** The purpose id, such as {@code marketing.email}. */
    String purpose();

    /**
     * A SpEL expression over the method's parameters giving the subject id: {@code #owner.id}, {@code #userId}.
     * Parameters are named by their names when the class was compiled with {@code -parameters} (Spring Boot's
     * build plugins set it), and always as {@code #p0}, {@code #a0}, {@code #p1}... by position. The value must be
     * a {@code String}, a number or a {@code UUID} (used as its {@code toString()}); {@code null} or another type
     * fails the call with an {@link IllegalStateException} naming the method and the expression, as does an
     * expression that cannot be parsed (at start-up) or evaluated.
     */
    String subject();

    /**
     * A recipient the method shares the data with, named by the purpose; when given, the recipient-scoped check
     * decides ({@link dev.consent.Enforcer#require(String, String, String)}). Empty (the default) for none.
     */
    String recipient() default "";
}
