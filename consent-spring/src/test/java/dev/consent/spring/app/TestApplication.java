package dev.consent.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small Spring Boot application with JPA, as the transaction tests run it. */
@SpringBootApplication
public class TestApplication {}
