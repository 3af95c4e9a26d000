package dev.consent.examples.springapp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.event.EventListener;

/**
 * The example application: start it from the repository root with
 * {@code mvn -B -q -pl examples/spring-app -am spring-boot:run}, then open the address it prints. The consent
 * system, its store over the application's H2 database and the purposes of {@code consent.purposes} come from
 * the {@code consent-spring} auto-configuration; this module adds the account table, the pages and the
 * transaction that ties them together.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExampleApplication {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleApplication.class);

    /**
     * Starts the application.
     *
     * @param args Spring Boot's arguments, such as {@code --server.port=8081}
     */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    /** Says where the application listens, once it does. */
    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        LOG.info("The consent example is running: open http://localhost:{}/ (Ctrl+C stops it)", port);
    }
}
