package dev.consent.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.consent.AccessExport;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.ProcessingDeniedException;
import dev.consent.StoreUnavailableException;
import dev.consent.TransparencyReport;
import dev.consent.spring.ConsentAnnotationAutoConfiguration;
import dev.consent.spring.ConsentAutoConfiguration;
import dev.consent.spring.RequiresConsent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;

/**
 * The web mapping through Spring MVC (MockMvc over a real web application context): problem responses for the
 * library's exceptions, without personal data, and the library's own JSON for exports and reports.
 */
class ConsentWebAutoConfigurationTest {
    static final String SUBJECT = "alice@example.com";
    static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup");

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    WebMvcAutoConfiguration.class,
                    AopAutoConfiguration.class,
                    ConsentAutoConfiguration.class,
                    ConsentAnnotationAutoConfiguration.class,
                    ConsentWebAutoConfiguration.class))
            .withUserConfiguration(NewsletterController.class)
            .withPropertyValues(
                    "consent.store=memory",
                    "consent.feed-poll-interval=0",
                    "consent.purposes[0].id=marketing.email",
                    "consent.purposes[0].title=Marketing e-mail",
                    "consent.purposes[0].description=News and offers.",
                    "consent.purposes[0].recipients=Mailer Inc");

    @Test
    void processingDenied_is403_withPurposeReasonAndRecord_butNeverTheSubject() {
        runner.run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            UUID withdrawal = consent.ledger()
                    .withdraw(SUBJECT, "marketing.email", WEB)
                    .records()
                    .get(0)
                    .id();

            MvcResult result = mvc(context)
                    .perform(post("/newsletter/{user}", SUBJECT))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(403))
                    .andExpect(jsonPath("$.title").value("Processing not allowed"))
                    .andExpect(jsonPath("$.purpose").value("marketing.email"))
                    .andExpect(jsonPath("$.reason").value("CONSENT_WITHDRAWN"))
                    .andExpect(jsonPath("$.recordId").value(withdrawal.toString()))
                    .andExpect(jsonPath("$.instance").value(org.hamcrest.Matchers.startsWith("urn:uuid:")))
                    .andExpect(jsonPath("$.detail")
                            .value("processing for purpose marketing.email is not allowed: CONSENT_WITHDRAWN"
                                    + " (record " + withdrawal + ")"))
                    .andReturn();

            assertThat(body(result)).doesNotContain("alice");
        });
    }

    @Test
    void requiresConsentOnAController_deniesWith403_andAllowsOnceGranted() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            mvc.perform(post("/annotated/newsletter/{user}", SUBJECT))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.reason").value("NO_CONSENT"));
            context.getBean(ConsentSystem.class).ledger().grant(SUBJECT, "marketing.email", WEB);

            mvc.perform(post("/annotated/newsletter/{user}", SUBJECT))
                    .andExpect(status().isOk())
                    .andExpect(content().string("sent"));
        });
    }

    @Test
    void processingDenied_withoutARecord_leavesRecordIdOut() {
        runner.run(context -> mvc(context)
                .perform(post("/newsletter/{user}", "bob"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("NO_CONSENT"))
                .andExpect(jsonPath("$.recordId").doesNotExist()));
    }

    @Test
    void invalidInput_is400_namingTheFieldAndProblem_butNotTheValue() {
        runner.run(context -> {
            MvcResult result = mvc(context)
                    .perform(
                            post("/grants").param("subject", SUBJECT + "\u0007").param("purpose", "marketing.email"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.field").value("subject"))
                    .andExpect(jsonPath("$.detail").value("subject: must not contain control characters (at index 17)"))
                    .andExpect(jsonPath("$.purpose").doesNotExist())
                    .andReturn();

            assertThat(body(result)).doesNotContain("alice");
        });
    }

    @Test
    void unknownPurpose_is400_namingThePurpose() {
        runner.run(context -> mvc(context)
                .perform(post("/grants").param("subject", SUBJECT).param("purpose", "no.such.purpose"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.purpose").value("no.such.purpose"))
                .andExpect(jsonPath("$.field").isNotEmpty()));
    }

    @Test
    void storeUnavailable_is503_withRetryAfter_andNoneOfTheStoresMessage() {
        runner.withPropertyValues("consent.web.retry-after=1500ms").run(context -> {
            MvcResult result = mvc(context)
                    .perform(post("/outage"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "2"))
                    .andExpect(jsonPath("$.detail").value("The consent store is unavailable; try again later."))
                    .andReturn();

            assertThat(body(result)).doesNotContain("db.internal").doesNotContain("interaction");
        });
        runner.run(context -> mvc(context).perform(post("/outage")).andExpect(header().string("Retry-After", "5")));
    }

    @Test
    void accessExport_isWrittenInTheLibrarysOwnJson_andReadBack() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-05T14:14:00Z"), ZoneOffset.UTC);
        runner.withBean(Clock.class, () -> clock).run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            String expected = consent.ledger().export(SUBJECT).toJson();

            MvcResult result = mvc(context)
                    .perform(get("/export/{user}", SUBJECT))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andReturn();
            String written = body(result);

            assertThat(written).isEqualTo(expected);
            mvc(context)
                    .perform(post("/export")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(written))
                    .andExpect(status().isOk())
                    .andExpect(content().string("1 records of " + SUBJECT));
            mvc(context)
                    .perform(post("/export")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"formatVersion\":1}"))
                    .andExpect(status().isBadRequest());
        });
    }

    @Test
    void transparencyReport_isItsJson_orItsTableForTextPlain() {
        runner.run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            TransparencyReport report = NewsletterController.report(consent);

            String json = body(mvc(context)
                    .perform(get("/report"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andReturn());
            String table = body(mvc(context)
                    .perform(get("/report").accept(MediaType.TEXT_PLAIN))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                    .andReturn());

            assertThat(json).isEqualTo(report.toJson());
            assertThat(TransparencyReport.fromJson(json)).isEqualTo(report);
            assertThat(table).isEqualTo(report.toTable());
        });
    }

    @Test
    void applicationAdvice_forTheSameException_winsOverTheLibrarys() {
        runner.withUserConfiguration(ApplicationAdvice.class)
                .run(context -> mvc(context)
                        .perform(post("/newsletter/{user}", "bob"))
                        .andExpect(status().isUnavailableForLegalReasons())
                        .andExpect(content().string("the application's own answer")));
    }

    @Test
    void applicationHandlerBean_replacesIt_andOutsideAServletApplication_thereIsNone() {
        runner.withBean(
                        "myHandler",
                        ConsentExceptionHandler.class,
                        () -> new ConsentExceptionHandler(java.time.Duration.ofSeconds(42)))
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(ConsentExceptionHandler.class)
                            .hasBean("myHandler");
                    mvc(context).perform(post("/outage")).andExpect(header().string("Retry-After", "42"));
                });
        runner.withPropertyValues("consent.web.retry-after=-1s")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("consent.web.retry-after"));
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ConsentAutoConfiguration.class, ConsentWebAutoConfiguration.class))
                .withPropertyValues("consent.store=memory")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(ConsentExceptionHandler.class)
                        .doesNotHaveBean(AccessExportHttpMessageConverter.class));
    }

    static MockMvc mvc(WebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    static String body(MvcResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    /** A small application controller over the consent system. */
    @RestController
    static class NewsletterController {
        private final ConsentSystem consent;

        NewsletterController(ConsentSystem consent) {
            this.consent = consent;
        }

        @PostMapping("/newsletter/{user}")
        String send(@PathVariable String user) {
            consent.enforcer().require(user, "marketing.email");
            return "sent";
        }

        @PostMapping("/grants")
        String grant(@RequestParam String subject, @RequestParam String purpose) {
            consent.ledger().grant(subject, purpose, WEB);
            return "granted";
        }

        @PostMapping("/annotated/newsletter/{user}")
        @RequiresConsent(purpose = "marketing.email", subject = "#user")
        public String sendAnnotated(@PathVariable String user) {
            return "sent";
        }

        @GetMapping("/export/{user}")
        AccessExport export(@PathVariable String user) {
            return consent.ledger().export(user);
        }

        @PostMapping("/export")
        String read(@RequestBody AccessExport export) {
            return export.history().size() + " records of " + export.subject();
        }

        @GetMapping("/report")
        TransparencyReport report() {
            return report(consent);
        }

        @PostMapping("/outage")
        String outage() {
            throw new StoreUnavailableException(
                    "could not append interaction \"i-1\"", new IllegalStateException("db.internal refused"));
        }

        static TransparencyReport report(ConsentSystem consent) {
            return consent.reports()
                    .transparency(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));
        }
    }

    /** The application's own advice for denials, at the default order. */
    @RestControllerAdvice
    static class ApplicationAdvice {
        @ExceptionHandler(ProcessingDeniedException.class)
        ResponseEntity<String> denied(ProcessingDeniedException e) {
            return ResponseEntity.status(HttpStatus.UNAVAILABLE_FOR_LEGAL_REASONS)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("the application's own answer");
        }
    }
}
