package dev.consent.internal;

import dev.consent.AccessExport;
import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import dev.consent.SubjectLink;
import dev.consent.SubjectState;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoredEvidence;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Builds {@link AccessExport}s from one read each of a subject's records, evidence and links. */
final class Exports {
    private Exports() {}

    static AccessExport export(
            ConsentStore store, DefaultPurposeRegistry registry, StateReader states, String subject) {
        Instant now = states.now().truncatedTo(ChronoUnit.MILLIS);
        List<ConsentRecord> history = store.readSubject(subject);
        Map<UUID, StoredEvidence> evidence = store.readEvidence(subject);
        List<SubjectLink> links = store.readLinks(subject);
        SubjectState state = states.at(subject, now, history);

        List<AccessExport.PurposeEntry> purposes = new ArrayList<>();
        Map<String, Purpose> texts = new TreeMap<>();
        for (PurposeState p : state.purposes().values()) {
            ConsentRecord proof = p.proof();
            purposes.add(new AccessExport.PurposeEntry(
                    p.purpose().id(),
                    p.decision().purposeVersion(),
                    p.purpose().legalBasis(),
                    p.status(),
                    p.decision().allowed(),
                    p.decision().reason(),
                    p.decision().recordId(),
                    proof == null || proof.action() != dev.consent.Action.GRANTED ? null : proof.expiresAt(),
                    p.recipients(),
                    p.decision().invalidationId()));
            texts.put(key(p.purpose().id(), p.purpose().version()), p.purpose());
        }
        for (Purpose p : registry.inForceAt(now).values()) {
            texts.put(key(p.id(), p.version()), p);
        }
        boolean erased = state.erased();
        List<AccessExport.RecordEntry> entries = new ArrayList<>(history.size());
        for (ConsentRecord r : history) {
            StoredEvidence e = erased ? null : evidence.get(r.id());
            entries.add(AccessExport.RecordEntry.of(r, e == null ? null : e.evidence()));
            if (r.purposeId() != null) {
                registry.find(r.purposeId(), r.purposeVersion()).ifPresent(p -> texts.put(key(p.id(), p.version()), p));
            }
        }
        List<AccessExport.PurposeText> purposeTexts = new ArrayList<>();
        for (Purpose p : texts.values()) {
            purposeTexts.add(AccessExport.PurposeText.of(p));
        }
        List<AccessExport.LinkEntry> linkEntries = new ArrayList<>();
        for (SubjectLink l : links) {
            linkEntries.add(new AccessExport.LinkEntry(
                    l.anonymousId(),
                    l.accountId(),
                    l.interactionId(),
                    l.linkedAt(),
                    l.anonymousId().equals(subject) ? "ANONYMOUS" : "ACCOUNT"));
        }
        ConsentRecord lifecycle = state.lifecycle();
        return new AccessExport(
                AccessExport.FORMAT_VERSION,
                now,
                subject,
                erased,
                state.deceased(),
                lifecycle == null ? null : lifecycle.id(),
                purposes,
                entries,
                purposeTexts,
                linkEntries);
    }

    /** Sorts by purpose id, then numerically by version. */
    private static String key(String purposeId, int version) {
        return purposeId + '\u0000' + String.format("%010d", version);
    }
}
