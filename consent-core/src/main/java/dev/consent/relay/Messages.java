package dev.consent.relay;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import dev.consent.spi.ConsentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns a batch of feed records into messages. The status before each change comes from the records
 * earlier in the batch, or, for the first record of a subject in the batch that is not the subject's
 * first record, from one {@link ConsentStore#readSubject} per subject and batch.
 */
final class Messages {
    private final ConsentStore store;
    private final PurposeRegistry purposes;

    Messages(ConsentStore store, PurposeRegistry purposes) {
        this.store = store;
        this.purposes = purposes;
    }

    List<ChangeMessage> of(List<ConsentRecord> batch) {
        String fingerprint = purposes.fingerprint();
        Map<String, Map<String, Action>> latest = new HashMap<>();
        List<ChangeMessage> out = new ArrayList<>(batch.size());
        for (ConsentRecord r : batch) {
            String purpose = r.purposeId();
            if (purpose == null) {
                out.add(message(r, null, null, allRecipients(), fingerprint));
                continue;
            }
            Map<String, Action> known = latest.computeIfAbsent(r.subject(), s -> before(r));
            Action previous = known.put(purpose, r.action());
            List<String> recipients = purposes.find(purpose, r.purposeVersion())
                    .map(Purpose::recipients)
                    .orElse(List.of());
            out.add(message(
                    r,
                    previous == null ? ConsentStatus.NONE : status(previous),
                    status(r.action()),
                    recipients,
                    fingerprint));
        }
        return out;
    }

    /** The latest action per purpose among the subject's records before {@code first}. */
    private Map<String, Action> before(ConsentRecord first) {
        Map<String, Action> known = new HashMap<>();
        if (first.subjectSequence() > 1) {
            for (ConsentRecord r : store.readSubject(first.subject())) {
                if (r.subjectSequence() < first.subjectSequence() && r.purposeId() != null) {
                    known.put(r.purposeId(), r.action());
                }
            }
        }
        return known;
    }

    private List<String> allRecipients() {
        TreeSet<String> all = new TreeSet<>();
        for (Purpose p : purposes.current()) {
            all.addAll(p.recipients());
        }
        return List.copyOf(all);
    }

    static ConsentStatus status(Action action) {
        return switch (action) {
            case GRANTED -> ConsentStatus.GRANTED;
            case DENIED -> ConsentStatus.DENIED;
            case WITHDRAWN -> ConsentStatus.WITHDRAWN;
            case OBJECTED -> ConsentStatus.OBJECTED;
            case OBJECTION_WITHDRAWN -> ConsentStatus.OBJECTION_WITHDRAWN;
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
