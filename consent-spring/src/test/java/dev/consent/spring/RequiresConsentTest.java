package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.ProcessingDeniedException;
import dev.consent.Purpose;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link RequiresConsent} on the methods of a real Spring bean, proxied by the auto-configured advisor. */
class RequiresConsentTest {
    static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    ConsentAutoConfiguration.class,
                    ConsentAnnotationAutoConfiguration.class))
            .withBean(Newsletter.class)
            .withPropertyValues(
                    "consent.store=memory",
                    "consent.feed-poll-interval=0",
                    "consent.purposes[0].id=marketing.email",
                    "consent.purposes[0].title=Marketing e-mail",
                    "consent.purposes[0].description=News and offers.",
                    "consent.purposes[0].recipients=Mailer Inc");

    @Test
    void granted_theMethodRuns_denied_itThrowsAndDoesNotRun() {
        runner.run(context -> {
            Newsletter newsletter = context.getBean(Newsletter.class);
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant("alice", "marketing.email", WEB);
            consent.ledger().grant("bob", "marketing.email", WEB);
            consent.ledger().withdraw("bob", "marketing.email", WEB);

            newsletter.send(new Owner("alice"));
            Throwable never = catchThrowable(() -> newsletter.send(new Owner("carol")));
            Throwable withdrawn = catchThrowable(() -> newsletter.send(new Owner("bob")));

            assertThat(newsletter.sent()).isEqualTo(1);
            assertThat(never).isInstanceOfSatisfying(ProcessingDeniedException.class, e -> {
                assertThat(e.subject()).isEqualTo("carol");
                assertThat(e.decision().reason()).isEqualTo(DecisionReason.NO_CONSENT);
            });
            assertThat(withdrawn)
                    .isInstanceOfSatisfying(
                            ProcessingDeniedException.class,
                            e -> assertThat(e.decision().reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN));
        });
    }

    @Test
    void subjects_byPosition_andAsNumbers() {
        runner.run(context -> {
            Newsletter newsletter = context.getBean(Newsletter.class);
            context.getBean(ConsentSystem.class).ledger().grant("42", "marketing.email", WEB);

            newsletter.sendTo("42");
            newsletter.sendToAccount(new Owner("x", 42L));
            Throwable other = catchThrowable(() -> newsletter.sendTo("43"));

            assertThat(newsletter.sent()).isEqualTo(2);
            assertThat(other).isInstanceOf(ProcessingDeniedException.class);
        });
    }

    @Test
    void recipient_decidesByTheRecipientScopedCheck() {
        runner.run(context -> {
            Newsletter newsletter = context.getBean(Newsletter.class);
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant("alice", "marketing.email", WEB);
            Purpose v1 = consent.purposes().find("marketing.email").orElseThrow();
            consent.purposes()
                    .define(v1.toBuilder()
                            .version(2)
                            .recipients(List.of("Mailer Inc", "Ads Co"))
                            .build());

            newsletter.shareWithMailer(new Owner("alice"));
            Throwable ads = catchThrowable(() -> newsletter.shareWithAdsCo(new Owner("alice")));

            assertThat(newsletter.sent()).isEqualTo(1);
            assertThat(ads)
                    .isInstanceOfSatisfying(
                            ProcessingDeniedException.class,
                            e -> assertThat(e.decision().reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_AGREED));
        });
    }

    @Test
    void subjectExpressionFailures_nameTheMethodAndTheExpression_andTheMethodDoesNotRun() {
        runner.run(context -> {
            Newsletter newsletter = context.getBean(Newsletter.class);
            Owner owner = new Owner("alice");

            Throwable nullSubject = catchThrowable(() -> newsletter.sendToNickname(owner));
            Throwable noSuchProperty = catchThrowable(() -> newsletter.sendToMissing(owner));
            Throwable wrongType = catchThrowable(() -> newsletter.sendToOwner(owner));

            assertThat(newsletter.sent()).isZero();
            assertThat(nullSubject)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Newsletter.class.getName() + ".sendToNickname(Owner)")
                    .hasMessageContaining("'#owner.nickname'")
                    .hasMessageContaining("gave null");
            assertThat(noSuchProperty)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(".sendToMissing(Owner)")
                    .hasMessageContaining("'#owner.shoeSize'")
                    .hasMessageContaining("failed");
            assertThat(wrongType)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(".sendToOwner(Owner)")
                    .hasMessageContaining("'#owner'")
                    .hasMessageContaining("not a subject id");
        });
    }

    @Test
    void malformedExpression_failsTheStart_namingTheMethodAndTheExpression() {
        runner.withBean(Malformed.class)
                .run(context -> assertThat(causeStartingWith(context.getStartupFailure(), "@RequiresConsent"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(Malformed.class.getName() + ".send(String)")
                        .hasMessageContaining("'#p0 +'")
                        .hasMessageContaining("cannot be parsed"));
    }

    @Test
    void annotationOnAnInterfaceMethod_appliesToItsImplementation() {
        runner.withBean(Mailer.class, SmtpMailer::new).run(context -> {
            Mailer mailer = context.getBean(Mailer.class);
            context.getBean(ConsentSystem.class).ledger().grant("alice", "marketing.email", WEB);

            mailer.mail("alice");
            Throwable denied = catchThrowable(() -> mailer.mail("bob"));

            assertThat(mailer.mailed()).isEqualTo(1);
            assertThat(denied).isInstanceOf(ProcessingDeniedException.class);
        });
    }

    @Test
    void onlyBeansWithTheAnnotation_areProxied_andTheirOtherMethodsAreNotChecked() {
        runner.withBean(Unannotated.class).run(context -> {
            Newsletter newsletter = context.getBean(Newsletter.class);

            newsletter.preview(new Owner("nobody"));

            assertThat(AopUtils.isAopProxy(newsletter)).isTrue();
            assertThat(AopUtils.isAopProxy(context.getBean(Unannotated.class))).isFalse();
            assertThat(newsletter.sent()).isEqualTo(1);
        });
    }

    @Test
    void withoutSpringBootsAopAutoConfiguration_itStillApplies() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ConsentAutoConfiguration.class, ConsentAnnotationAutoConfiguration.class))
                .withBean(Newsletter.class)
                .withPropertyValues("consent.store=memory", "consent.feed-poll-interval=0")
                .run(context -> assertThat(catchThrowable(
                                () -> context.getBean(Newsletter.class).sendTo("alice")))
                        .isInstanceOf(ProcessingDeniedException.class));
    }

    @Test
    void applicationAdvisor_replacesIt() {
        RequiresConsentAdvisor own = new RequiresConsentAdvisor(() -> {
            throw new IllegalStateException("the application's enforcer");
        });
        runner.withBean("myAdvisor", RequiresConsentAdvisor.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(RequiresConsentAdvisor.class).hasBean("myAdvisor");
            assertThat(catchThrowable(() -> context.getBean(Newsletter.class).sendTo("alice")))
                    .hasMessage("the application's enforcer");
        });
    }

    /** The first exception of the chain whose message starts with {@code prefix}, or null. */
    static @Nullable Throwable causeStartingWith(@Nullable Throwable failure, String prefix) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
                return t;
            }
        }
        return null;
    }

    /** A person with an id, an account number and maybe a nickname. */
    public static class Owner {
        private final String id;
        private final @Nullable Long accountNumber;

        Owner(String id) {
            this(id, null);
        }

        Owner(String id, @Nullable Long accountNumber) {
            this.id = id;
            this.accountNumber = accountNumber;
        }

        public String getId() {
            return id;
        }

        public @Nullable Long getAccountNumber() {
            return accountNumber;
        }

        public @Nullable String getNickname() {
            return null;
        }
    }

    /** An application service with methods that need consent. */
    public static class Newsletter {
        private final AtomicInteger sent = new AtomicInteger();

        /** How often a method ran (read through the proxy, which has no state of its own). */
        public int sent() {
            return sent.get();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner.id")
        public void send(Owner owner) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#p0")
        public void sendTo(String id) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner.accountNumber")
        public void sendToAccount(Owner owner) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner.id", recipient = "Mailer Inc")
        public void shareWithMailer(Owner owner) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner.id", recipient = "Ads Co")
        public void shareWithAdsCo(Owner owner) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner.nickname")
        public void sendToNickname(Owner owner) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner.shoeSize")
        public void sendToMissing(Owner owner) {
            sent.incrementAndGet();
        }

        @RequiresConsent(purpose = "marketing.email", subject = "#owner")
        public void sendToOwner(Owner owner) {
            sent.incrementAndGet();
        }

        public void preview(Owner owner) {
            sent.incrementAndGet();
        }
    }

    /** A service interface whose method needs consent. */
    public interface Mailer {
        @RequiresConsent(purpose = "marketing.email", subject = "#p0")
        void mail(String subject);

        int mailed();
    }

    /** Its implementation, without the annotation. */
    public static class SmtpMailer implements Mailer {
        private final AtomicInteger mailed = new AtomicInteger();

        @Override
        public void mail(String subject) {
            mailed.incrementAndGet();
        }

        @Override
        public int mailed() {
            return mailed.get();
        }
    }

    /** A bean whose subject expression cannot be parsed. */
    public static class Malformed {
        @RequiresConsent(purpose = "marketing.email", subject = "#p0 +")
        public void send(String id) {}
    }

    /** A bean without the annotation. */
    public static class Unannotated {
        public void send(String id) {}
    }
}
