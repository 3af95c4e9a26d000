package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Problem;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.reliability.Figures;
import dev.consent.testkit.reliability.Reliability;
import dev.consent.testkit.reliability.ReliabilityContract;
import dev.consent.testkit.store.TestRecords;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reliability 6, tampering at size: a ledger of {@value #RECORDS} records ({@value #PER_SUBJECT} per subject,
 * at scale 1), then a corpus of SQL mutations, each on a victim subject of its own: every hashed column
 * updated, a middle record deleted, positions swapped, a copied record inserted, the tail deleted (alone, and
 * with the current state repointed), a whole subject deleted. One {@code verify()} then must detect and locate
 * every mutation {@link VerificationReport} promises to, and report nothing on any other subject; a clean
 * verification before the damage must report nothing at all. What needs a checkpoint exported outside the
 * database is counted, not asserted.
 */
@Tag(ReliabilityContract.TAG)
abstract class LargeLedgerTamperingContract extends DatabaseContract {
    static final int RECORDS = 100_000;
    static final int PER_SUBJECT = 10;
    /** Subjects appended per call of the store: one transaction each. */
    static final int BATCH = 250;

    private String records;
    private String currentState;

    /** One kind of damage: what it does to its victim, and whether detection is promised. */
    private record Kind(String name, @Nullable String needs, Mutation mutation) {
        boolean promised() {
            return needs == null;
        }
    }

    /** Damages the victim's records (oldest first); returns what tells that a problem locates the damage. */
    private interface Mutation {
        Locator apply(List<ConsentRecord> chain);
    }

    /** Whether a problem reported on the victim locates the damage. */
    private interface Locator {
        boolean locates(Problem p);

        static Locator record(UUID id) {
            return p -> id.equals(p.recordId());
        }
    }

    private List<Kind> corpus() {
        List<Kind> kinds = new ArrayList<>();
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
        columns.forEach((column, value) -> kinds.add(new Kind("update " + column, null, chain -> {
            ConsentRecord middle = chain.get(PER_SUBJECT / 2);
            execute("UPDATE " + records + " SET " + column + " = " + value + " WHERE record_id = ?", middle.id());
            return Locator.record(middle.id());
        })));
        kinds.add(new Kind("move a record to another subject", null, chain -> {
            ConsentRecord middle = chain.get(PER_SUBJECT / 2);
            execute(
                    "UPDATE " + records + " SET subject = ? WHERE record_id = ?",
                    middle.subject() + "-elsewhere",
                    middle.id());
            return Locator.record(middle.id());
        }));
        kinds.add(new Kind("delete a middle record", null, chain -> {
            execute(
                    "DELETE FROM " + records + " WHERE record_id = ?",
                    chain.get(PER_SUBJECT / 2).id());
            return Locator.record(chain.get(PER_SUBJECT / 2 + 1).id());
        }));
        kinds.add(new Kind("swap two positions", null, chain -> {
            ConsentRecord a = chain.get(2);
            ConsentRecord b = chain.get(7);
            execute("UPDATE " + records + " SET position = ? WHERE position = ?", -a.position(), a.position());
            execute("UPDATE " + records + " SET position = ? WHERE position = ?", a.position(), b.position());
            execute("UPDATE " + records + " SET position = ? WHERE position = ?", b.position(), -a.position());
            return p -> p.recordId() != null
                    && (p.recordId().equals(a.id()) || p.recordId().equals(b.id()));
        }));
        kinds.add(new Kind("insert a forged copy", null, chain -> {
            UUID id = UUID.randomUUID();
            long position = sql().withHandle(h -> h.createQuery("SELECT MAX(position) FROM " + records)
                            .mapTo(Long.class)
                            .one())
                    + 1;
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
            return Locator.record(id);
        }));
        kinds.add(new Kind(
                "forge a grant with a recomputed hash, current state and head", "the integrity key", chain -> {
                    ConsentRecord tail = chain.get(PER_SUBJECT - 1);
                    ConsentRecord model = chain.get(0);
                    long position = sql().withHandle(h -> h.createQuery("SELECT MAX(position) FROM " + records)
                                    .mapTo(Long.class)
                                    .one())
                            + 1;
                    ConsentRecord forged = at(
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
                    sql().useHandle(h -> RecordRows.bindRecord(
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
                    return Locator.record(forged.id());
                }));
        // the row is gone, so verification names the subject and the purpose whose current state lost its record
        kinds.add(new Kind("delete the tail record", null, chain -> {
            ConsentRecord tail = chain.get(PER_SUBJECT - 1);
            execute("DELETE FROM " + records + " WHERE record_id = ?", tail.id());
            return p -> p.kind() == VerificationReport.Kind.CURRENT_STATE_MISMATCH
                    && p.subject().equals(tail.subject())
                    && p.detail().contains(tail.purposeId());
        }));
        kinds.add(new Kind("delete the tail and repoint the current state", "a checkpoint", chain -> {
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
            return Locator.record(tail.id());
        }));
        kinds.add(new Kind("delete a whole subject", "a checkpoint", chain -> {
            String subject = chain.get(0).subject();
            execute("DELETE FROM " + records + " WHERE subject = ?", subject);
            execute("DELETE FROM " + currentState + " WHERE subject = ?", subject);
            execute("DELETE FROM " + prefix + "interaction WHERE subject = ?", subject);
            return p -> p.subject().equals(subject);
        }));
        return kinds;
    }

    private String prefix;

    @Test
    void sqlMutations_onALargeLedger_areDetectedAndLocated_andNothingElseIsReported() {
        assumeFalse(database().standsInForANamedServer(), "runs on the PostgreSQL server named instead");
        assumeFalse(database().name().equals("H2 file"), "H2 runs it in memory: the same engine and SQL");
        TestStore store = newStore();
        prefix = store.jdbc().tablePrefix();
        records = prefix + "record";
        currentState = prefix + "current_state";
        int total = Reliability.scaled(RECORDS);
        int subjects = total / PER_SUBJECT;
        long writeStart = System.nanoTime();
        write(subjects);
        long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
        ConsentSystem consent = system(store);

        long verifyStart = System.nanoTime();
        VerificationReport clean = consent.ledger().verify();
        long verifyMillis = (System.nanoTime() - verifyStart) / 1_000_000;
        assertThat(clean.records()).isEqualTo(total);

        List<Kind> corpus = corpus();
        Map<String, String> victims = new LinkedHashMap<>();
        Map<String, Locator> shows = new LinkedHashMap<>();
        for (int k = 0; k < corpus.size(); k++) {
            String victim = subject((k * 7919 + 13) % subjects);
            victims.put(corpus.get(k).name(), victim);
            shows.put(corpus.get(k).name(), corpus.get(k).mutation().apply(store.readSubject(victim)));
        }
        VerificationReport damaged = consent.ledger().verify();

        Set<String> victimSubjects = Set.copyOf(victims.values());
        List<Problem> elsewhere = damaged.problems().stream()
                .filter(p ->
                        !victimSubjects.contains(p.subject()) && !p.subject().endsWith("-elsewhere"))
                .toList();
        Figures figures = new Figures(database().name(), "tampering")
                .parameter("records", total)
                .parameter("subjects", subjects)
                .parameter("ledger written in", writeMillis + " ms")
                .parameter("one verify()", verifyMillis + " ms");
        List<String> missed = new ArrayList<>();
        for (Kind kind : corpus) {
            String victim = victims.get(kind.name());
            Locator expected = shows.get(kind.name());
            List<Problem> found = damaged.problems().stream()
                    .filter(p -> p.subject().equals(victim) || p.subject().equals(victim + "-elsewhere"))
                    .toList();
            boolean detected = !found.isEmpty();
            boolean located = found.stream().anyMatch(expected::locates);
            figures.count(
                    kind.name() + (kind.promised() ? "" : " (needs " + kind.needs() + ")"),
                    "1 applied/" + (detected ? 1 : 0) + " detected/" + (located ? 1 : 0) + " located");
            if (detected != located) {
                System.out.println("  " + kind.name() + ", reported: " + found);
            }
            if (kind.promised() && !(detected && located)) {
                missed.add(kind.name() + ": "
                        + found.stream().map(Problem::toString).collect(Collectors.joining("; ")));
            }
        }
        figures.count("false reports on the clean ledger", clean.problems().size())
                .count("false reports on other subjects", elsewhere.size())
                .write();

        assertThat(clean.problems()).as("problems reported on the clean ledger").isEmpty();
        assertThat(missed).as("promised detections missed or not located").isEmpty();
        assertThat(elsewhere).as("problems reported on subjects nobody touched").isEmpty();
    }

    private static String subject(int i) {
        return "subject-" + i;
    }

    /**
     * {@code subjects} chains of {@value #PER_SUBJECT} records, five interactions of two records each, written
     * with batched SQL as the store would write them (records, interactions, current state, ledger head): far
     * faster than appends, and the clean verification shows the rows are what the store writes.
     */
    private void write(int subjects) {
        Chain[] chains = new Chain[subjects];
        for (int i = 0; i < subjects; i++) {
            chains[i] = TestRecords.newChain(subject(i));
        }
        long[][] latest = new long[subjects][5]; // the current state: the position per slot p.0 to p.4
        long position = 0;
        for (int round = 0; round < PER_SUBJECT / 2; round++) {
            List<ConsentRecord> placed = new ArrayList<>(2 * subjects);
            for (int i = 0; i < subjects; i++) {
                SubjectAppend a = chains[i].append(
                        "form-" + round,
                        TestRecords.grant("p." + (2 * round) % 5),
                        TestRecords.decision(
                                "p." + (2 * round + 1) % 5, round % 2 == 0 ? Action.GRANTED : Action.WITHDRAWN));
                chains[i] = chains[i].after(a);
                for (ConsentRecord r : a.records()) {
                    ConsentRecord at = at(++position, r);
                    placed.add(at);
                    latest[i][r.purposeId().charAt(2) - '0'] = at.position();
                }
            }
            sql().useTransaction(h -> {
                for (int from = 0; from < placed.size(); from += BATCH * 4) {
                    var batch = h.prepareBatch("INSERT INTO " + records + " (" + Rows.RECORD_COLUMNS + ") VALUES ("
                            + RecordRows.RECORD_VALUES + ")");
                    var interactions = h.prepareBatch("INSERT INTO " + prefix + "interaction (subject, interaction_id,"
                            + " first_position) VALUES (?, ?, ?)");
                    for (ConsentRecord r : placed.subList(from, Math.min(placed.size(), from + BATCH * 4))) {
                        RecordRows.bindRecord(batch, r).add();
                        if (r.subjectSequence() % 2 == 1) {
                            interactions.add(r.subject(), r.interactionId(), r.position());
                        }
                    }
                    batch.execute();
                    interactions.execute();
                }
            });
        }
        long head = position;
        sql().useTransaction(h -> {
            for (int from = 0; from < subjects; from += BATCH) {
                var states =
                        h.prepareBatch("INSERT INTO " + currentState + " (subject, slot, position) VALUES (?, ?, ?)");
                for (int i = from; i < Math.min(subjects, from + BATCH); i++) {
                    for (int slot = 0; slot < 5; slot++) {
                        states.add(subject(i), "p." + slot, latest[i][slot]);
                    }
                }
                states.execute();
            }
            h.createUpdate("UPDATE " + prefix + "ledger_head SET position = ? WHERE id = 1")
                    .bind(0, head)
                    .execute();
        });
    }

    private static ConsentRecord at(long position, ConsentRecord r) {
        return new ConsentRecord(
                position,
                r.id(),
                r.subject(),
                r.subjectSequence(),
                r.purposeId(),
                r.purposeVersion(),
                r.action(),
                r.recordedAt(),
                r.expiresAt(),
                r.noticeVersion(),
                r.collectionPoint(),
                r.channel(),
                r.actor(),
                r.jurisdiction(),
                r.interactionId(),
                r.evidenceDigest(),
                r.previousHash(),
                r.hash());
    }

    /** Empties the large tables at once, so that the next test to get them does not delete row by row. */
    @AfterEach
    void truncate() {
        if (prefix != null) {
            for (String table : List.of("record", "interaction", "current_state", "evidence")) {
                sql().useHandle(h -> h.execute("TRUNCATE TABLE " + prefix + table));
            }
        }
    }

    private void execute(String statement, Object... args) {
        sql().useHandle(h -> {
            var update = h.createUpdate(statement);
            for (int i = 0; i < args.length; i++) {
                update.bind(i, args[i] instanceof UUID u ? u.toString() : args[i]);
            }
            update.execute();
        });
    }
}
