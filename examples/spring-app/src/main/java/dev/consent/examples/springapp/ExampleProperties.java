package dev.consent.examples.springapp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code example.*} properties of the application.
 *
 * @param noticeVersion the version of the privacy notice every form shows, recorded with each decision
 * @param newsletterPurpose the purpose the newsletter's unsubscribe link withdraws
 * @param jurisdiction the jurisdiction recorded with each decision
 */
@ConfigurationProperties("example")
public record ExampleProperties(
        String noticeVersion,
        @DefaultValue("marketing.email") String newsletterPurpose,
        @DefaultValue("EU") String jurisdiction) {}
