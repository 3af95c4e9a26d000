package dev.consent.relay;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import dev.consent.spi.ConsentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns a batch of feed records into messages. The status before each change comes from the records
 * earlier in the batch, or, for the first record of a subject in the batch that is not the subject's
 * first record, from one {@link ConsentStore#readSubject} per subject and batch.
 *
 * <p>Each message names the recipients entitled to hear of the change, by the rule of recipient-scoped
 * checks (see {@code docs/recipients.md}), so that {@link dev.consent.spi.ChangeSink#forRecipient} routes
 * by it:
 * <ul>
 *   <li>a record about a consent purpose: the recipients of the version of the subject's grant in force
 *       before the change (if its latest record was a grant) together with those of the version this record
 *       grants (if it is a grant), the latter first: a recipient added by a later version never hears of a
 *       person who did not agree to that version;
 *   <li>a record about a purpose with another legal basis: the recipients of the record's version;
 *   <li>a lifecycle record (erasure, death): every recipient some earlier message about the subject named,
 *       and those of the current version of every purpose whose legal basis is not consent, sorted.
 * </ul>
 */
final class Messages {
    private final ConsentStore store;
    private final PurposeRegistry purposes;

    Messages(ConsentStore store, PurposeRegistry purposes) {
        this.store = store;
        this.purposes = purposes;
    }

    /** What the messages so far tell of one subject. */
    private static final class Known {
        final Map<String, ConsentRecord> latest = new HashMap<>();
        final TreeSet<String> reached = new TreeSet<>();
    }

    List<ChangeMessage> of(List<ConsentRecord> batch) {
        String fingerprint = purposes.fingerprint();
        Map<String, Known> known = new HashMap<>();
        List<ChangeMessage> out = new ArrayList<>(batch.size());
        for (ConsentRecord r : batch) {
            Known k = known.computeIfAbsent(r.subject(), s -> before(r));
            String purpose = r.purposeId();
            ConsentRecord previous = purpose == null ? null : k.latest.get(purpose);
            List<String> recipients = recipients(k, r);
            out.add(message(
                    r,
                    purpose == null ? null : previous == null ? ConsentStatus.NONE : status(previous.action()),
                    purpose == null ? null : status(r.action()),
                    recipients,
                    fingerprint));
        }
        return out;
    }

    /** What the subject's records before {@code first} tell. */
    private Known before(ConsentRecord first) {
        Known k = new Known();
        if (first.subjectSequence() > 1) {
            for (ConsentRecord r : store.readSubject(first.subject())) {
                if (r.subjectSequence() < first.subjectSequence()) {
                    recipients(k, r);
                }
            }
        }
        return k;
    }

    /** The recipients of the message of {@code r} (see the class comment); records {@code r} in {@code k}. */
    private List<String> recipients(Known k, ConsentRecord r) {
        String purpose = r.purposeId();
        if (purpose == null) {
            TreeSet<String> all = new TreeSet<>(k.reached);
            for (Purpose p : purposes.current()) {
                if (p.legalBasis() != LegalBasis.CONSENT) {
                    all.addAll(p.recipients());
                }
            }
            return List.copyOf(all);
        }
        ConsentRecord previous = k.latest.put(purpose, r);
        Purpose version = purposes.find(purpose, r.purposeVersion()).orElse(null);
        List<String> out;
        if (version == null || version.legalBasis() != LegalBasis.CONSENT) {
            out = version == null ? List.of() : version.recipients();
        } else {
            LinkedHashSet<String> named = new LinkedHashSet<>();
            if (r.action() == Action.GRANTED) {
                named.addAll(version.recipients());
            }
            if (previous != null && previous.action() == Action.GRANTED) {
                purposes.find(purpose, previous.purposeVersion()).ifPresent(p -> named.addAll(p.recipients()));
            }
            out = List.copyOf(named);
        }
        k.reached.addAll(out);
        return out;
    }

    static ConsentStatus status(Action action) {
        return switch (action) {
            case GRANTED -> ConsentStatus.GRANTED;
            case DENIED -> ConsentStatus.DENIED;
            case WITHDRAWN -> ConsentStatus.WITHDRAWN;
            case OBJECTED -> ConsentStatus.OBJECTED;
            case OBJECTION_WITHDRAWN -> ConsentStatus.OBJECTION_WITHDRAWN;
            case OPTED_OUT -> ConsentStatus.OPTED_OUT;
            case SUBJECT_ERASED, SUBJECT_DECEASED, AGE_STATED ->
                throw new IllegalArgumentException("concerns the subject: " + action);
        };
    }

    private static ChangeMessage message(
            ConsentRecord r,
            @Nullable ConsentStatus old,
            @Nullable ConsentStatus now,
            List<String> recipients,
            String fingerprint) {
        return new ChangeMessage(
                r.position(),
                r.subject(),
                r.subjectSequence(),
                r.purposeId(),
                r.purposeVersion(),
                r.action(),
                old,
                now,
                r.id(),
                r.recordedAt(),
                r.interactionId(),
                recipients,
                fingerprint);
    }
}
