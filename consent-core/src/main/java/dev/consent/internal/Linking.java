package dev.consent.internal;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.SubjectLink;
import dev.consent.WriteResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One link of an anonymous visitor to an account (see {@code ConsentLedger.link}): two steps, each
 * idempotent, so that calling again after a failure between them completes the link. First the visitor's
 * newer decisions are appended to the account under an interaction id derived from the visitor id and the
 * sequence of the visitor's tip (its latest record) (a duplicate of an earlier link's interaction replays it); then the link is stored, which
 * the store ignores when it holds it already.
 */
final class Linking {
    private final SubjectWriter writer;
    private final GuardedStore store;
    private final DefaultPurposeRegistry registry;
    private final RecordFactory factory;

    Linking(SubjectWriter writer, GuardedStore store, DefaultPurposeRegistry registry, RecordFactory factory) {
        this.writer = writer;
        this.store = store;
        this.registry = registry;
        this.factory = factory;
    }

    WriteResult link(String anonymousId, String accountId, CollectionContext context) {
        if (anonymousId.equals(accountId)) {
            throw new InvalidInputException("accountId", accountId, "is the anonymous id itself");
        }
        for (String reserved : List.of(RecordFactory.LINKED_FROM, RecordFactory.ORIGIN_RECORD_ID)) {
            if (context.evidence().attributes().containsKey(reserved)) {
                throw new InvalidInputException(
                        "context.evidence.attributes",
                        reserved,
                        "is set by the ledger on carried records; use another name");
            }
        }
        Latest visitor = Latest.of(store.loadCurrentState(anonymousId).latest());
        refuseLifecycle("anonymousId", anonymousId, visitor.lifecycle);
        String interactionId = Interaction.RESERVED_PREFIX + "link:"
                + key(anonymousId, visitor.tip == null ? 0 : visitor.tip.subjectSequence());
        WriteResult written = writer.write(accountId, interactionId, account -> {
            refuseLifecycle("accountId", accountId, account.lifecycle);
            List<ConsentRecord> origins = toCarry(visitor.byPurpose, account.latest);
            return origins.isEmpty()
                    ? List.of()
                    : factory.carried(accountId, interactionId, anonymousId, origins, context, account);
        });
        WriteResult result = written;
        if (written.records().isEmpty()) {
            WriteResult earlier = writer.recorded(accountId, interactionId);
            if (earlier != null) {
                result = earlier;
            }
        }
        Instant linkedAt = result.records().isEmpty()
                ? factory.now()
                : result.records().get(0).recordedAt();
        SubjectLink link = new SubjectLink(anonymousId, accountId, interactionId, linkedAt);
        store.saveLink(link);
        return result;
    }

    /** The visitor's latest decisions that are newer than the account's, by purpose id. */
    private List<ConsentRecord> toCarry(Map<String, ConsentRecord> visitor, Map<String, ConsentRecord> account) {
        List<ConsentRecord> out = new ArrayList<>();
        for (ConsentRecord r : new TreeMap<>(visitor).values()) {
            ConsentRecord held = account.get(r.purposeId());
            if (held != null && !r.recordedAt().isAfter(held.recordedAt())) {
                continue;
            }
            if (r.action() == Action.GRANTED
                    && registry.find(r.purposeId()).map(p -> p.retired()).orElse(true)) {
                continue;
            }
            out.add(r);
        }
        return out;
    }

    private static void refuseLifecycle(String field, String subject, @Nullable ConsentRecord lifecycle) {
        if (lifecycle != null) {
            throw new InvalidInputException(
                    field,
                    subject,
                    lifecycle.action() == Action.SUBJECT_ERASED
                            ? "was erased at " + lifecycle.recordedAt() + "; it cannot be linked"
                            : "is recorded as deceased at " + lifecycle.recordedAt() + "; it cannot be linked");
        }
    }

    /** A stable key of the visitor and the sequence of its tip: 32 hex digits of SHA-256. */
    private static String key(String anonymousId, long sequence) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((anonymousId + '\u0000' + sequence).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
