package dev.consent.internal;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.OptOutResult;
import dev.consent.OptOutSignal;
import dev.consent.Purpose;
import dev.consent.SubjectLink;
import dev.consent.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Honours an opt-out preference signal (see {@code ConsentLedger.honourOptOutSignal}): for the subject, then
 * for every account it is linked to as the anonymous id, one {@link Action#OPTED_OUT} record per current sale
 * or sharing purpose that is not opted out already, appended atomically per subject in one interaction.
 *
 * <p>Idempotent by state: a subject already opted out of every such purpose gets no record, so a browser that
 * sends the signal with every request writes once, and again only after the person opted back in (a grant) or
 * a new sale or sharing purpose was defined. Whether there is anything to write is first judged on the cached
 * snapshot (no store write, usually no store read); the write itself decides again on the state the store
 * holds under its lock. The links of the subject are read from the store on every call (one indexed read).
 */
final class OptOutSignals {
    private final SubjectWriter writer;
    private final GuardedStore store;
    private final DefaultPurposeRegistry registry;
    private final RecordFactory factory;
    private final SnapshotCache cache;

    OptOutSignals(
            SubjectWriter writer,
            GuardedStore store,
            DefaultPurposeRegistry registry,
            RecordFactory factory,
            SnapshotCache cache) {
        this.writer = writer;
        this.store = store;
        this.registry = registry;
        this.factory = factory;
        this.cache = cache;
    }

    OptOutResult honour(String subject, OptOutSignal signal, CollectionContext context) {
        Checks.subject(subject);
        if (context.channel() != dev.consent.Channel.PREFERENCE_SIGNAL) {
            throw new InvalidInputException(
                    "context.channel",
                    context.channel(),
                    "must be PREFERENCE_SIGNAL for an opt-out preference signal; start from signal.context()");
        }
        if (!signal.name().equals(context.collectionPoint())) {
            throw new InvalidInputException(
                    "context.collectionPoint",
                    context.collectionPoint(),
                    "must name the signal, " + signal.name() + "; start from signal.context()");
        }
        List<WriteResult> writes = new ArrayList<>();
        List<ConsentRecord> conflicts = new ArrayList<>();
        writes.add(apply(subject, context, conflicts));
        Set<String> accounts = new LinkedHashSet<>();
        for (SubjectLink link : store.readLinks(subject)) {
            if (link.anonymousId().equals(subject)) {
                accounts.add(link.accountId());
            }
        }
        for (String account : accounts) {
            writes.add(apply(account, context, conflicts));
        }
        return new OptOutResult(subject, signal, writes, conflicts);
    }

    /** The opt-outs of one subject: nothing when it is opted out of every sale or sharing purpose already. */
    private WriteResult apply(String subject, CollectionContext context, List<ConsentRecord> conflicts) {
        String interactionId = UUID.randomUUID().toString();
        Snapshot known = cache.get(subject);
        if (targets(known).isEmpty()) {
            return new WriteResult(subject, interactionId, List.of(), known.asOfPosition, false);
        }
        List<ConsentRecord> overridden = new ArrayList<>();
        WriteResult written = writer.write(subject, interactionId, current -> {
            overridden.clear();
            List<Purpose> targets = targets(current);
            if (targets.isEmpty()) {
                return List.of();
            }
            Interaction.Builder in =
                    Interaction.builder(subject).interactionId(interactionId).context(context);
            long now = factory.now().toEpochMilli();
            for (Purpose p : targets) {
                ConsentRecord held = current.latest.get(p.id());
                if (held != null
                        && held.action() == Action.GRANTED
                        && (held.expiresAt() == null || held.expiresAt().toEpochMilli() > now)) {
                    overridden.add(held);
                }
                in.decision(p.id(), 0, Action.OPTED_OUT);
            }
            return factory.forInteraction(in.build(), current);
        });
        if (!written.records().isEmpty()) {
            conflicts.addAll(overridden);
        }
        return written;
    }

    /** The current sale or sharing purposes the subject is not opted out of; none for an erased or dead subject. */
    private List<Purpose> targets(Snapshot s) {
        if (s.lifecycle != null) {
            return List.of();
        }
        List<Purpose> out = new ArrayList<>();
        for (Purpose p : registry.current()) {
            if (p.retired() || p.saleOrSharing().isEmpty()) {
                continue;
            }
            ConsentRecord held = s.latest.get(p.id());
            if (held == null || held.action() != Action.OPTED_OUT) {
                out.add(p);
            }
        }
        return out;
    }
}
