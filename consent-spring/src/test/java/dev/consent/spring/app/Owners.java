package dev.consent.spring.app;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The application's service: an owner and their newsletter consent, in one transaction, as applications write them. */
@Service
public class Owners {
    public static final String NEWSLETTER = "marketing.email";
    public static final String SMS = "marketing.sms";
    public static final CollectionContext FORM = CollectionContext.of(Channel.WEB, "owner_form_v1");

    private final OwnerRepository owners;
    private final ConsentSystem consent;
    private final Steps steps;

    public Owners(OwnerRepository owners, ConsentSystem consent, Steps steps) {
        this.owners = owners;
        this.consent = consent;
        this.steps = steps;
    }

    /** Saves the owner and the newsletter grant; throws after both when {@code fail}. */
    @Transactional
    public void signUp(String id, boolean fail) {
        owners.save(new Owner(id));
        consent.ledger().grant(id, NEWSLETTER, FORM);
        if (fail) {
            throw new IllegalStateException("sign-up failed after the consent was written");
        }
    }

    /** Saves the owner and grants, then hands the check made before the commit to {@code seen}. */
    @Transactional
    public void signUpAndCheck(String id, Consumer<Decision> seen) {
        owners.save(new Owner(id));
        consent.ledger().grant(id, NEWSLETTER, FORM);
        seen.accept(consent.enforcer().check(id, NEWSLETTER));
    }

    /** Saves the owner, then grants in a new transaction (REQUIRES_NEW), then fails when {@code fail}. */
    @Transactional
    public void signUpWithConsentInNewTransaction(String id, boolean fail) {
        owners.save(new Owner(id));
        steps.grantInNewTransaction(id, NEWSLETTER);
        if (fail) {
            throw new IllegalStateException("the outer transaction failed");
        }
    }

    /** Grants, then grants again in a new transaction (REQUIRES_NEW) of the same thread. */
    @Transactional
    public void grantThenGrantInNewTransaction(String id) {
        consent.ledger().grant(id, NEWSLETTER, FORM);
        steps.grantInNewTransaction(id, SMS);
    }

    /** Grants, then grants outside any transaction (NOT_SUPPORTED) on the same thread. */
    @Transactional
    public void grantThenGrantOutsideTheTransaction(String id) {
        consent.ledger().grant(id, NEWSLETTER, FORM);
        steps.grantWithoutTransaction(id, SMS);
    }

    /** Inner steps, on a separate bean so that Spring's proxy applies their propagation. */
    @Service
    public static class Steps {
        private final ConsentSystem consent;

        public Steps(ConsentSystem consent) {
            this.consent = consent;
        }

        @Transactional(propagation = Propagation.REQUIRES_NEW)
        public void grantInNewTransaction(String id, String purpose) {
            consent.ledger().grant(id, purpose, FORM);
        }

        @Transactional(propagation = Propagation.NOT_SUPPORTED)
        public void grantWithoutTransaction(String id, String purpose) {
            consent.ledger().grant(id, purpose, FORM);
        }
    }
}
