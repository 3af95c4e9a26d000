package dev.consent.jdbc;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Problem;
import dev.consent.testkit.store.TestRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The SQL mutations of {@link LargeLedgerTamperingContract}, each on the records of its own victim: what anyone
 * with write access to the tables can do, from one changed column to an older backup restored.
 */
final class TamperingCorpus {
    /** What a kind needs beyond {@code verify()}: a checkpoint exported before the damage. */
    static final String CHECKPOINT = "a checkpoint";
    /** What a kind needs beyond {@code verify()}: the integrity key, which no checkpoint replaces. */
    static final String INTEGRITY_KEY = "the integrity key";

    private static final int PER_SUBJECT = LargeLedgerTamperingContract.PER_SUBJECT;

    /**
     * One kind of damage: what it does to its victim, and what detecting it needs (null: {@code verify()} alone).
     * Its victims are {@code subjects} if given, else one subject the test chooses.
     */
    record Kind(
            String name, @Nullable String needs, @Nullable List<String> subjects, Mutation mutation) {}

    /** Damages the victim's records (in position order). */
    interface Mutation {
        Damage apply(List<ConsentRecord> records);
    }

    /**
     * What a mutation did: which problems of {@code verify()} locate it, and the positions it damaged (records
     * changed, deleted or inserted), which a checkpoint's verification locates.
     */
    record Damage(Locator locator, List<Long> positions) {}

    /** Whether a problem {@code verify()} reported on the victim locates the damage. */
    interface Locator {
        boolean locates(Problem p);

        static Locator record(UUID id) {
            return p -> id.equals(p.recordId());
        }
    }

    /** The ledger head row as an older backup holds it: position and tree size. */
    record Head(long position, long treeSize) {}

    private final Jdbi sql;
    private final String prefix;
    private final String records;
    private final String currentState;
    private final Head backup;
    private final List<String> lastSubjects;

    /**
     * @param backup the head row before the last subjects were written: what a restored older backup holds
     * @param lastSubjects the subjects written after it, which the restored backup loses
     */
    TamperingCorpus(Jdbi sql, String prefix, Head backup, List<String> lastSubjects) {
        this.sql = sql;
        this.prefix = prefix;
        this.records = prefix + "record";
        this.currentState = prefix + "current_state";
        this.backup = backup;
        this.lastSubjects = List.copyOf(lastSubjects);
    }

    /** The kinds, in the order they are applied. */
    List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        // first, so that the forgeries appended below go on top of the restored ledger, as they would
        kinds.add(new Kind("restore an older backup", CHECKPOINT, lastSubjects, all -> {
            execute("DELETE FROM " + records + " WHERE position > ?", backup.position());
            for (String subject : lastSubjects) {
                execute("DELETE FROM " + currentState + " WHERE subject = ?", subject);
                execute("DELETE FROM " + prefix + "interaction WHERE subject = ?", subject);
            }
            for (int level = TreeSql.STRIDE; level < 63; level += TreeSql.STRIDE) {
                execute(
                        "DELETE FROM " + prefix + "merkle_node WHERE level = ? AND node_index >= ?",
                        level,
                        backup.treeSize() >>> level);
            }
            execute(
                    "UPDATE " + prefix + "ledger_head SET position = ?, tree_size = ? WHERE id = 1",
                    backup.position(),
                    backup.treeSize());
            return new Damage(
                    p -> lastSubjects.contains(p.subject()),
                    all.stream().map(ConsentRecord::position).toList());
        }));
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("purpose_id", "'p.forged'");
        columns.put("purpose_version", "purpose_version + 1");
        columns.put("action", "'DENIED'");
        columns.put("recorded_at", "recorded_at - 86400000");
        columns.put("expires_at", "4102444800000");
        columns.put("notice_version", "'forged'");
        columns.put("collection_point", "'forged'");
        columns.put("channel", "'PAPER'");
        columns.put("actor_type", "'OPERATOR'");
        columns.put("actor_id", "'forged'");
        columns.put("actor_authority", "'forged'");
        columns.put("jurisdiction", "'XX'");
        columns.put("interaction_id", "'forged'");
        columns.put("evidence_digest", "'" + "cd".repeat(32) + "'");
        columns.put("subject_seq", "subject_seq + 100");
        columns.put("record_hash", "'" + "ab".repeat(32) + "'");
        columns.put("previous_hash", "'" + "ef".repeat(32) + "'");
        columns.forEach((column, value) -> kinds.add(new Kind("update " + column, null, null, chain -> {
            ConsentRecord middle = chain.get(PER_SUBJECT / 2);
            execute("UPDATE " + records + " SET " + column + " = " + value + " WHERE record_id = ?", middle.id());
            return new Damage(Locator.record(middle.id()), List.of(middle.position()));
        })));
        kinds.add(new Kind("move a record to another subject", null, null, chain -> {
            ConsentRecord middle = chain.get(PER_SUBJECT / 2);
            execute(
                    "UPDATE " + records + " SET subject = ? WHERE record_id = ?",
                    middle.subject() + "-elsewhere",
                    middle.id());
            return new Damage(Locator.record(middle.id()), List.of(middle.position()));
        }));
        kinds.add(new Kind("delete a middle record", null, null, chain -> {
            ConsentRecord middle = chain.get(PER_SUBJECT / 2);
            execute("DELETE FROM " + records + " WHERE record_id = ?", middle.id());
            return new Damage(Locator.record(chain.get(PER_SUBJECT / 2 + 1).id()), List.of(middle.position()));
        }));
        kinds.add(new Kind("swap two positions", null, null, chain -> {
            ConsentRecord a = chain.get(2);
            ConsentRecord b = chain.get(7);
            execute("UPDATE " + records + " SET position = ? WHERE position = ?", -a.position(), a.position());
            execute("UPDATE " + records + " SET position = ? WHERE position = ?", a.position(), b.position());
            execute("UPDATE " + records + " SET position = ? WHERE position = ?", b.position(), -a.position());
            return new Damage(
                    p -> p.recordId() != null
                            && (p.recordId().equals(a.id()) || p.recordId().equals(b.id())),
                    List.of(a.position(), b.position()));
        }));
        kinds.add(new Kind("insert a forged copy", null, null, chain -> {
            UUID id = UUID.randomUUID();
            long position = maxPosition() + 1;
            execute(
                    "INSERT INTO " + records + " (" + Rows.RECORD_COLUMNS + ") SELECT ?, ?, subject, ?, purpose_id,"
                            + " purpose_version, action, recorded_at, expires_at, notice_version, collection_point, channel,"
                            + " actor_type, actor_id, actor_authority, jurisdiction, interaction_id, evidence_digest, ?,"
                            + " record_hash FROM " + records + " WHERE record_id = ?",
                    position,
                    id,
                    PER_SUBJECT + 1,
                    chain.get(PER_SUBJECT - 1).hash().toHex(),
                    chain.get(1).id());
            return new Damage(Locator.record(id), List.of(position));
        }));
        // appended after the head: beyond any checkpoint taken before, so only the integrity key catches it
        kinds.add(new Kind(
                "forge a grant with a recomputed hash, current state and head", INTEGRITY_KEY, null, chain -> {
                    ConsentRecord tail = chain.get(PER_SUBJECT - 1);
                    ConsentRecord model = chain.get(0);
                    long position = maxPosition() + 1;
                    ConsentRecord forged = LargeLedgerTamperingContract.at(
                            position,
                            TestRecords.seal(new ConsentRecord(
                                    0,
                                    UUID.randomUUID(),
                                    tail.subject(),
                                    tail.subjectSequence() + 1,
                                    model.purposeId(),
                                    model.purposeVersion(),
                                    Action.GRANTED,
                                    tail.recordedAt().plusSeconds(60),
                                    null,
                                    null,
                                    null,
                                    model.channel(),
                                    model.actor(),
                                    null,
                                    "forged",
                                    null,
                                    tail.hash(),
                                    tail.hash())));
                    sql.useHandle(h -> RecordRows.bindRecord(
                                    h.createUpdate("INSERT INTO " + records + " (" + Rows.RECORD_COLUMNS + ") VALUES ("
                                            + RecordRows.RECORD_VALUES + ")"),
                                    forged)
                            .execute());
                    execute(
                            "UPDATE " + currentState + " SET position = ? WHERE subject = ? AND slot = ?",
                            position,
                            forged.subject(),
                            forged.purposeId());
                    execute("UPDATE " + prefix + "ledger_head SET position = ? WHERE id = 1", position);
                    return new Damage(Locator.record(forged.id()), List.of(position));
                }));
        // the same forgery in place: the same position and id, so nothing inside the database tells
        kinds.add(new Kind(
                "forge a checkpointed record with a recomputed hash (no integrity key)", CHECKPOINT, null, chain -> {
                    ConsentRecord tail = chain.get(PER_SUBJECT - 1);
                    Action other = tail.action() == Action.GRANTED ? Action.WITHDRAWN : Action.GRANTED;
                    ConsentRecord forged = TestRecords.seal(new ConsentRecord(
                            tail.position(),
                            tail.id(),
                            tail.subject(),
                            tail.subjectSequence(),
                            tail.purposeId(),
                            tail.purposeVersion(),
                            other,
                            tail.recordedAt(),
                            tail.expiresAt(),
                            tail.noticeVersion(),
                            tail.collectionPoint(),
                            tail.channel(),
                            tail.actor(),
                            tail.jurisdiction(),
                            tail.interactionId(),
                            tail.evidenceDigest(),
                            tail.previousHash(),
                            tail.hash()));
                    execute(
                            "UPDATE " + records + " SET action = ?, record_hash = ? WHERE record_id = ?",
                            other.name(),
                            forged.hash().toHex(),
                            tail.id());
                    return new Damage(Locator.record(tail.id()), List.of(tail.position()));
                }));
        // the row is gone, so verification names the subject and the purpose whose current state lost its record
        kinds.add(new Kind("delete the tail record", null, null, chain -> {
            ConsentRecord tail = chain.get(PER_SUBJECT - 1);
            execute("DELETE FROM " + records + " WHERE record_id = ?", tail.id());
            return new Damage(
                    p -> p.kind() == VerificationReport.Kind.CURRENT_STATE_MISMATCH
                            && p.subject().equals(tail.subject())
                            && p.detail().contains(tail.purposeId()),
                    List.of(tail.position()));
        }));
        kinds.add(new Kind("delete the tail and repoint the current state", CHECKPOINT, null, chain -> {
            ConsentRecord tail = chain.get(PER_SUBJECT - 1);
            ConsentRecord before = chain.stream()
                    .filter(r -> r.purposeId().equals(tail.purposeId()) && r.subjectSequence() < tail.subjectSequence())
                    .reduce((x, y) -> y)
                    .orElseThrow();
            execute("DELETE FROM " + records + " WHERE record_id = ?", tail.id());
            execute(
                    "UPDATE " + currentState + " SET position = ? WHERE subject = ? AND position = ?",
                    before.position(),
                    tail.subject(),
                    tail.position());
            return new Damage(Locator.record(tail.id()), List.of(tail.position()));
        }));
        kinds.add(new Kind("delete a whole subject", CHECKPOINT, null, chain -> {
            String subject = chain.get(0).subject();
            execute("DELETE FROM " + records + " WHERE subject = ?", subject);
            execute("DELETE FROM " + currentState + " WHERE subject = ?", subject);
            execute("DELETE FROM " + prefix + "interaction WHERE subject = ?", subject);
            return new Damage(
                    p -> p.subject().equals(subject),
                    chain.stream().map(ConsentRecord::position).toList());
        }));
        return kinds;
    }

    private long maxPosition() {
        return sql.withHandle(h -> h.createQuery("SELECT MAX(position) FROM " + records)
                .mapTo(Long.class)
                .one());
    }

    private void execute(String statement, Object... args) {
        sql.useHandle(h -> {
            var update = h.createUpdate(statement);
            for (int i = 0; i < args.length; i++) {
                update.bind(i, args[i] instanceof UUID u ? u.toString() : args[i]);
            }
            update.execute();
        });
    }
}
