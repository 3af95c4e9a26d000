package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Problem;
import dev.consent.merkle.Checkpoint;
import dev.consent.merkle.LogProblem;
import dev.consent.merkle.LogVerification;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.reliability.Figures;
import dev.consent.testkit.reliability.Reliability;
import dev.consent.testkit.reliability.ReliabilityContract;
import dev.consent.testkit.store.TestRecords;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reliability 6, tampering at size: a ledger of {@value #RECORDS} records ({@value #PER_SUBJECT} per subject,
 * at scale 1), its Merkle tree built and a signed checkpoint exported as text; then the {@link TamperingCorpus}
 * of SQL mutations, each on a victim of its own: every hashed column updated, a middle record deleted, positions
 * swapped, a copied record inserted, the tail deleted (alone, and with the current state repointed), a whole
 * subject deleted, a record forged in place with a recomputed hash, an older backup restored (first, so that the
 * forgeries appended after it go on top of it). One {@code verify()} must then detect and locate every mutation
 * {@link VerificationReport} promises to, and the verification against the checkpoint (parsed back from its text,
 * as an auditor would) every mutation that needs one; neither may report anything elsewhere, and both must report
 * nothing before the damage. Only the grant forged and appended after the head, after the checkpoint was taken,
 * needs the integrity key: it is counted, not asserted.
 */
@Tag(ReliabilityContract.TAG)
abstract class LargeLedgerTamperingContract extends DatabaseContract {
    static final int RECORDS = 100_000;
    static final int PER_SUBJECT = 10;
    /** Subjects appended per call of the store: one transaction each. */
    static final int BATCH = 250;
    /** Subjects written last, which the restored older backup does not hold. */
    static final int LAST_SUBJECTS = 5;

    /** The checkpoint problems that locate damage: the positions they name hold no record or other records. */
    private static final Set<LogProblem.Kind> LOCATING = EnumSet.of(
            LogProblem.Kind.MISSING_POSITIONS, LogProblem.Kind.CHANGED_RECORDS, LogProblem.Kind.MISSING_TAIL);

    private String prefix;
    private String records;
    private String currentState;

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
        int older = subjects - LAST_SUBJECTS;
        NoteSigner signer = NoteSigner.generate("consent.example/ledger");
        ConsentSystem consent = system(store, b -> b.checkpointSigner(signer));

        long writeStart = System.nanoTime();
        long backupPosition = write(0, older, 0);
        long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
        long treeStart = System.nanoTime();
        consent.ledger().proveConsistency(1, backupPosition); // rows written by SQL: the store builds their tree
        long treeMillis = (System.nanoTime() - treeStart) / 1_000_000;
        TamperingCorpus.Head backup = head();
        assertThat(backup.treeSize()).isEqualTo(backupPosition);
        write(older, subjects, backupPosition);
        consent.ledger().proveConsistency(1, total);

        long verifyStart = System.nanoTime();
        VerificationReport clean = consent.ledger().verify();
        long verifyMillis = (System.nanoTime() - verifyStart) / 1_000_000;
        assertThat(clean.records()).isEqualTo(total);
        SignedCheckpoint taken = consent.ledger().checkpoint();
        assertThat(taken.size()).isEqualTo(total);
        String exported = taken.toString();
        long logStart = System.nanoTime();
        LogVerification cleanLog = consent.ledger().verify(taken.checkpoint());
        long logMillis = (System.nanoTime() - logStart) / 1_000_000;

        List<String> last = IntStream.range(older, subjects)
                .mapToObj(LargeLedgerTamperingContract::subject)
                .toList();
        List<TamperingCorpus.Kind> corpus = new TamperingCorpus(sql(), prefix, backup, last).kinds();
        Map<String, List<String>> victims = new LinkedHashMap<>();
        Map<String, TamperingCorpus.Damage> damages = new LinkedHashMap<>();
        Map<String, NavigableSet<Long>> touched = new LinkedHashMap<>();
        int chosen = 0;
        for (TamperingCorpus.Kind kind : corpus) {
            List<String> of =
                    kind.subjects() != null ? kind.subjects() : List.of(subject((chosen++ * 7919 + 13) % older));
            List<ConsentRecord> victim = of.stream()
                    .flatMap(s -> store.readSubject(s).stream())
                    .sorted(Comparator.comparingLong(ConsentRecord::position))
                    .toList();
            TamperingCorpus.Damage damage = kind.mutation().apply(victim);
            NavigableSet<Long> positions = new TreeSet<>(damage.positions());
            victim.forEach(r -> positions.add(r.position()));
            victims.put(kind.name(), of);
            damages.put(kind.name(), damage);
            touched.put(kind.name(), positions);
        }
        long damagedStart = System.nanoTime();
        VerificationReport damaged = consent.ledger().verify();
        long damagedMillis = (System.nanoTime() - damagedStart) / 1_000_000;
        // the auditor's copy: the exported text, its signature checked
        Checkpoint audited = SignedCheckpoint.parse(exported, signer.verifier()).checkpoint();
        long damagedLogStart = System.nanoTime();
        LogVerification log = consent.ledger().verify(audited);
        long damagedLogMillis = (System.nanoTime() - damagedLogStart) / 1_000_000;

        Set<String> victimSubjects =
                victims.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        List<Problem> elsewhere = damaged.problems().stream()
                .filter(p ->
                        !victimSubjects.contains(p.subject()) && !p.subject().endsWith("-elsewhere"))
                .toList();
        NavigableSet<Long> victimPositions = new TreeSet<>();
        touched.values().forEach(victimPositions::addAll);
        List<LogProblem> logElsewhere = log.problems().stream()
                .filter(p -> p.kind() != LogProblem.Kind.ROOT_MISMATCH && !overlaps(p, victimPositions))
                .toList();

        Figures figures = new Figures(database().name(), "tampering")
                .parameter("records", total)
                .parameter("subjects", subjects)
                .parameter("ledger written in", writeMillis + " ms")
                .parameter("tree built in", treeMillis + " ms")
                .parameter("one verify()", verifyMillis + " ms")
                .parameter("one checkpoint verification", logMillis + " ms");
        List<String> missed = new ArrayList<>();
        for (TamperingCorpus.Kind kind : corpus) {
            List<String> of = victims.get(kind.name());
            TamperingCorpus.Damage damage = damages.get(kind.name());
            List<Problem> found = damaged.problems().stream()
                    .filter(p -> of.stream()
                            .anyMatch(v -> p.subject().equals(v) || p.subject().equals(v + "-elsewhere")))
                    .toList();
            List<LogProblem> logFound = log.problems().stream()
                    .filter(p -> p.kind() != LogProblem.Kind.ROOT_MISMATCH && overlaps(p, touched.get(kind.name())))
                    .toList();
            boolean byVerify = found.stream().anyMatch(damage.locator()::locates);
            boolean byCheckpoint = logFound.stream()
                    .anyMatch(p -> LOCATING.contains(p.kind()) && overlaps(p, new TreeSet<>(damage.positions())));
            boolean detected = !found.isEmpty() || !logFound.isEmpty();
            boolean located = byVerify || byCheckpoint;
            figures.count(
                    kind.name() + (kind.needs() == null ? "" : " (needs " + kind.needs() + ")"),
                    "1 applied/" + (detected ? 1 : 0) + " detected/" + (located ? 1 : 0) + " located/"
                            + (byVerify ? 1 : 0) + " by verify()/" + (byCheckpoint ? 1 : 0) + " by the checkpoint");
            boolean promised =
                    kind.needs() == null ? byVerify : !kind.needs().equals(TamperingCorpus.CHECKPOINT) || byCheckpoint;
            if (!promised) {
                missed.add(kind.name() + ": "
                        + found.stream().map(Problem::toString).collect(Collectors.joining("; "))
                        + " | checkpoint: "
                        + logFound.stream().map(LogProblem::toString).collect(Collectors.joining("; ")));
            }
        }
        figures.count("false reports on the clean ledger", clean.problems().size())
                .count(
                        "false reports of the checkpoint on the clean ledger",
                        cleanLog.problems().size())
                .count("false reports on other subjects", elsewhere.size())
                .count("checkpoint problems outside the victims' positions", logElsewhere.size())
                .count("verify() after the damage", damagedMillis + " ms")
                .count("checkpoint verification after the damage", damagedLogMillis + " ms")
                .count("its problems", counts(log))
                .write();

        assertThat(clean.problems()).as("problems reported on the clean ledger").isEmpty();
        assertThat(cleanLog.problems())
                .as("checkpoint problems on the clean ledger")
                .isEmpty();
        assertThat(cleanLog.isIntact()).isTrue();
        assertThat(missed).as("promised detections missed or not located").isEmpty();
        assertThat(elsewhere).as("problems reported on subjects nobody touched").isEmpty();
        assertThat(logElsewhere)
                .as("checkpoint problems on positions nobody touched, of\n%s", log)
                .isEmpty();
    }

    /** Whether {@code p}'s range holds one of {@code positions}. */
    private static boolean overlaps(LogProblem p, NavigableSet<Long> positions) {
        Long first = positions.ceiling(p.fromPosition());
        return first != null && first <= p.toPosition();
    }

    /** The problems of a checkpoint verification, counted by kind. */
    private static String counts(LogVerification log) {
        return Arrays.stream(LogProblem.Kind.values())
                .map(k -> log.problems(k).size() + " "
                        + k.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining("/"));
    }

    /** The ledger head row: position and tree size. */
    private TamperingCorpus.Head head() {
        return sql().withHandle(
                        h -> h.createQuery("SELECT position, tree_size FROM " + prefix + "ledger_head WHERE id = 1")
                                .map((rs, ctx) -> new TamperingCorpus.Head(rs.getLong(1), rs.getLong(2)))
                                .one());
    }

    private static String subject(int i) {
        return "subject-" + i;
    }

    /**
     * {@code subjects} chains of {@value #PER_SUBJECT} records, five interactions of two records each, written
     * with batched SQL as the store would write them (records, interactions, current state, ledger head): far
     * faster than appends, and the clean verification shows the rows are what the store writes. Writes subjects
     * {@code from} to {@code to} (exclusive) after position {@code after}; returns the new head position.
     */
    private long write(int from, int to, long after) {
        int subjects = to - from;
        Chain[] chains = new Chain[subjects];
        for (int i = 0; i < subjects; i++) {
            chains[i] = TestRecords.newChain(subject(from + i));
        }
        long[][] latest = new long[subjects][5]; // the current state: the position per slot p.0 to p.4
        long position = after;
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
                for (int at = 0; at < placed.size(); at += BATCH * 4) {
                    var batch = h.prepareBatch("INSERT INTO " + records + " (" + Rows.RECORD_COLUMNS + ") VALUES ("
                            + RecordRows.RECORD_VALUES + ")");
                    var interactions = h.prepareBatch("INSERT INTO " + prefix + "interaction (subject, interaction_id,"
                            + " first_position) VALUES (?, ?, ?)");
                    for (ConsentRecord r : placed.subList(at, Math.min(placed.size(), at + BATCH * 4))) {
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
            for (int first = 0; first < subjects; first += BATCH) {
                var states =
                        h.prepareBatch("INSERT INTO " + currentState + " (subject, slot, position) VALUES (?, ?, ?)");
                for (int i = first; i < Math.min(subjects, first + BATCH); i++) {
                    for (int slot = 0; slot < 5; slot++) {
                        states.add(subject(from + i), "p." + slot, latest[i][slot]);
                    }
                }
                states.execute();
            }
            h.createUpdate("UPDATE " + prefix + "ledger_head SET position = ? WHERE id = 1")
                    .bind(0, head)
                    .execute();
        });
        return head;
    }

    static ConsentRecord at(long position, ConsentRecord r) {
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
            for (String table : List.of("record", "interaction", "current_state", "evidence", "merkle_node")) {
                sql().useHandle(h -> h.execute("TRUNCATE TABLE " + prefix + table));
            }
        }
    }
}
