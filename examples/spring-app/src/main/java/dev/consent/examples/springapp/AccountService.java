package dev.consent.examples.springapp;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the pages do to accounts and their consent. Thread-safe.
 *
 * <p>A sign-up is one transaction: the account row and the consent records of the form commit together or not
 * at all ({@code consent-spring} joins the ledger's write to the transaction of {@link #signUp}).
 *
 * <p>A change of one purpose (a click on the preference page, the unsubscribe link) first reads the person's
 * state: a click that would change nothing (withdrawing what is not given, giving what is given) records
 * nothing. Otherwise the interaction id names the change and the record it acts on ({@code
 * withdrawn:marketing.email:after:<record id>}), so two requests that race on the same state are one interaction:
 * the ledger writes the first and answers the second with the records of the first, as a replay.
 */
@Service
public class AccountService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final ConsentSystem consent;
    private final OfferedPurposes offered;

    AccountService(AccountRepository accounts, ConsentSystem consent, OfferedPurposes offered) {
        this.accounts = accounts;
        this.consent = consent;
        this.offered = offered;
    }

    /**
     * One decision of the sign-up form.
     *
     * @param purpose the purpose at the version the form showed
     * @param granted whether its box was ticked
     */
    public record Choice(Purpose purpose, boolean granted) {
        /** Checks for nulls. */
        public Choice {
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    /** What a change of one purpose did. */
    public enum Outcome {
        /** The decision was recorded (or, for a request that raced an equal one, replayed). */
        RECORDED,
        /** The person's state already was what the request asked for: nothing was recorded. */
        UNCHANGED,
        /** The request gave consent to a version other than the one in force: nothing was recorded. */
        TEXT_CHANGED
    }

    /**
     * Creates the account and records the form as one interaction: a grant of each ticked purpose and a denial of
     * each other one, at the versions shown, with {@code context}. In one transaction: the account row is
     * inserted at the flush after the consent write, so a duplicate address fails there and takes the consent
     * records back with it.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException if an account has this address; nothing
     *     was written
     * @throws dev.consent.InvalidInputException if the ledger refuses a decision; nothing was written
     */
    @Transactional
    public Account signUp(String name, String email, List<Choice> choices, CollectionContext context) {
        // persist only: the id is generated now, the INSERT waits for the flush
        Account account = accounts.save(new Account(name, email, newToken(), Instant.now()));
        Interaction.Builder form = Interaction.builder(account.subject()).context(context);
        for (Choice c : choices) {
            form.decision(c.purpose().id(), c.purpose().version(), c.granted() ? Action.GRANTED : Action.DENIED);
        }
        consent.ledger().record(form.build()); // joins this transaction: not committed yet
        accounts.flush(); // the INSERT: a duplicate address fails here, after the consent write, and rolls both back
        return account;
    }

    /**
     * Gives consent to {@code purposeId} at {@code version}, the version the page showed, unless it is given to
     * that version already.
     *
     * @throws NoSuchElementException if the forms do not ask about {@code purposeId}
     */
    public Outcome grant(Account account, String purposeId, int version, CollectionContext context) {
        Purpose purpose = offered(purposeId);
        if (purpose.version() != version) {
            return Outcome.TEXT_CHANGED;
        }
        PurposeState state = state(account, purposeId);
        if (state.decision().allowed() && state.purpose().version() == version) {
            return Outcome.UNCHANGED;
        }
        record(account, purposeId, version, Action.GRANTED, state, context);
        return Outcome.RECORDED;
    }

    /**
     * Withdraws consent to {@code purposeId}, unless processing is not allowed for it anyway.
     *
     * @throws NoSuchElementException if the forms do not ask about {@code purposeId}
     */
    public Outcome withdraw(Account account, String purposeId, CollectionContext context) {
        offered(purposeId);
        PurposeState state = state(account, purposeId);
        if (!state.decision().allowed()) {
            return Outcome.UNCHANGED;
        }
        record(account, purposeId, 0, Action.WITHDRAWN, state, context);
        return Outcome.RECORDED;
    }

    /** The state of the account for {@code purposeId} now. */
    public PurposeState state(Account account, String purposeId) {
        return consent.ledger()
                .currentState(account.subject())
                .find(purposeId)
                .orElseThrow(() -> new NoSuchElementException("no purpose " + purposeId));
    }

    private Purpose offered(String purposeId) {
        return offered.find(purposeId).orElseThrow(() -> new NoSuchElementException("no purpose " + purposeId));
    }

    private void record(
            Account account, String purposeId, int version, Action action, PurposeState acted, CollectionContext c) {
        String after = acted.findProof().map(r -> r.id().toString()).orElse("none");
        String id = action.name().toLowerCase(Locale.ROOT) + ":" + purposeId + (version > 0 ? ":v" + version : "")
                + ":after:" + after;
        consent.ledger()
                .record(Interaction.builder(account.subject())
                        .interactionId(id)
                        .context(c)
                        .decision(purposeId, version, action)
                        .build());
    }

    /** 32 random bytes, URL-safe Base64: the unsubscribe token. */
    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
