package dev.consent.jdbc;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.BuiltAppends;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Runs a batch of {@link GroupCommit} as one transaction of the store's own, opened on the JDBC connection
 * directly (no isolation-level probes): lock the ledger-head row, read the current states of the batch's
 * subjects, call each builder on its subject's state, insert every record, interaction, evidence and
 * current-state row with one statement per table, move the head, commit, complete the callers. Positions are
 * given out under the head lock in batch order, so commit order is position order.
 *
 * <p>When every append of a batch was built before it (on a cached state, or a subject guessed new), the batch
 * runs without reading, as {@link PrebuiltWrite} writes it; if that fails on a key, it runs again as above.
 *
 * <p>A builder's failure fails its own caller only. The unique constraints on interactions and on per-subject
 * sequences report a duplicate or a lost race; when an insert of the batch fails, the transaction rolls back
 * and each append of the batch runs again alone, after a lookup of its interaction, so a bad append fails
 * alone and the others commit. A failure before the inserts (the database down, the head lock not granted in
 * time) fails the whole batch: nothing of it was written.
 */
final class BatchAppendSql {
    private final Jdbi jdbi;
    private final LedgerSql ledger;
    private final Statements statements;
    private final @Nullable H2AppendLock h2Appends;
    private final PrebuiltWrite prebuiltWrite;
    private final NewSubjectGuess newSubjects;
    private final String interaction;

    BatchAppendSql(
            Jdbi jdbi,
            LedgerSql ledger,
            Statements statements,
            String prefix,
            Dialect dialect,
            @Nullable H2AppendLock h2Appends,
            NewSubjectGuess newSubjects) {
        this.jdbi = jdbi;
        this.ledger = ledger;
        this.statements = statements;
        this.h2Appends = h2Appends;
        this.prebuiltWrite = new PrebuiltWrite(jdbi, ledger, statements, prefix, dialect);
        this.newSubjects = newSubjects;
        this.interaction = prefix + "interaction";
    }

    /** Runs the batch and completes each of its appends (with a result or a failure). */
    void run(List<GroupCommit.Pending> batch) {
        if (h2Appends == null) {
            runUnlocked(batch);
            return;
        }
        try {
            h2Appends.around(() -> {
                runUnlocked(batch);
                return null;
            });
        } catch (StoreUnavailableException e) {
            // the lock was not had (timeout or interrupt): the batch did not run
            batch.stream().filter(p -> !p.completed()).forEach(p -> p.fail(e));
        }
    }

    private void runUnlocked(List<GroupCommit.Pending> batch) {
        List<GroupCommit.Pending> reading = batch;
        if (batch.stream().allMatch(p -> p.prebuilt != null)) {
            reading = prebuilt(batch);
            if (reading.isEmpty()) {
                return;
            }
        }
        List<GroupCommit.Pending> again = transaction(reading, false);
        for (GroupCommit.Pending p : again) {
            List<GroupCommit.Pending> failed = transaction(List.of(p), true);
            if (!failed.isEmpty()) {
                throw new IllegalStateException("an append run alone asked to run again");
            }
        }
    }

    /**
     * One transaction over appends built before the batch, without reading any state ({@link PrebuiltWrite}).
     * Returns the batch when it is to run again reading (a state built on was not current, or a duplicate);
     * otherwise completes every append and returns nothing.
     */
    private List<GroupCommit.Pending> prebuilt(List<GroupCommit.Pending> batch) {
        List<SubjectAppend> built = new ArrayList<>(batch.size());
        for (GroupCommit.Pending p : batch) {
            built.add(java.util.Objects.requireNonNull(p.prebuilt, "prebuilt"));
        }
        List<List<ConsentRecord>> results;
        try {
            results = prebuiltWrite.write(built);
        } catch (SQLException | RuntimeException e) {
            // the database failed, or the commit's outcome is unknown: nothing is retried here
            failUncompleted(batch, e);
            return List.of();
        }
        if (results == null) {
            return batch;
        }
        for (int i = 0; i < batch.size(); i++) {
            GroupCommit.Pending p = batch.get(i);
            if (p.unknownState) {
                newSubjects.observed(true);
            }
            p.succeed(results.get(i));
        }
        return List.of();
    }

    /**
     * One transaction over the appends. Returns the appends to run again alone: those that built records when
     * the batch's inserts failed; every other append is completed.
     */
    private List<GroupCommit.Pending> transaction(List<GroupCommit.Pending> batch, boolean alone) {
        List<GroupCommit.Pending> appending = new ArrayList<>(batch.size());
        try (Handle h = jdbi.open()) {
            Connection c = h.getConnection();
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                TreeSql.Growth position;
                List<List<ConsentRecord>> results = List.of();
                try {
                    position = ledger.lockHead(h);
                    if (alone && recorded(h, batch.get(0))) {
                        GroupCommit.Pending p = batch.get(0);
                        p.fail(new DuplicateInteractionException(p.subject, p.interactionId));
                        c.rollback();
                        return List.of();
                    }
                    build(h, batch, appending);
                } catch (RuntimeException e) {
                    rollback(c, e);
                    failUncompleted(batch, e);
                    return List.of();
                }
                if (!appending.isEmpty()) {
                    try {
                        results = insert(appending, h, position);
                    } catch (AppendInserts.Failed e) {
                        rollback(c, e.getCause());
                        if (!alone) {
                            return appending;
                        }
                        GroupCommit.Pending p = appending.get(0);
                        p.fail(meaning(e, p));
                        return List.of();
                    }
                }
                try {
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    // the outcome is unknown: the commit may have reached the database
                    failUncompleted(batch, e);
                    return List.of();
                }
                ledger.tree().observed(position.frontier());
                for (int i = 0; i < appending.size(); i++) {
                    appending.get(i).succeed(results.get(i));
                }
                for (GroupCommit.Pending p : batch) {
                    if (!p.completed()) {
                        p.succeed(List.of());
                    }
                }
                return List.of();
            } finally {
                if (autoCommit) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException | RuntimeException ignored) {
                        // the pool resets or discards the connection
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            failUncompleted(batch, e);
            return List.of();
        }
    }

    /** Calls each builder on its subject's state, read under the head lock; keeps those that built records. */
    private void build(Handle h, List<GroupCommit.Pending> batch, List<GroupCommit.Pending> appending) {
        Set<String> subjects = new LinkedHashSet<>();
        for (GroupCommit.Pending p : batch) {
            subjects.add(p.subject);
        }
        Map<String, CurrentState> states = ledger.loadCurrentStates(h, subjects, null);
        for (GroupCommit.Pending p : batch) {
            CurrentState state = states.get(p.subject);
            p.built = null;
            if (p.unknownState) {
                newSubjects.observed(state.latest().isEmpty());
            }
            SubjectAppend prebuilt = p.prebuilt;
            if (prebuilt != null && prebuilt.expectedSequence() == state.sequence()) {
                // built on the state that is current: the sequence moves with every record of the subject
                p.built = prebuilt;
                appending.add(p);
                continue;
            }
            SubjectAppend built;
            try {
                built = p.build.apply(state);
            } catch (RuntimeException | Error e) {
                p.builderFailed(e);
                continue;
            }
            if (built == null) {
                continue;
            }
            try {
                BuiltAppends.check(built, p.subject, p.interactionId, state);
            } catch (RuntimeException e) {
                p.fail(e);
                continue;
            }
            p.built = built;
            appending.add(p);
        }
    }

    /** Whether the append's interaction is recorded for its subject already. */
    private boolean recorded(Handle h, GroupCommit.Pending p) {
        return statements
                        .query(
                                h,
                                "SELECT COUNT(*) FROM " + interaction
                                        + " WHERE subject = :subject AND interaction_id = :interaction")
                        .bind("subject", p.subject)
                        .bind("interaction", p.interactionId)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** Inserts the built appends after {@code position} and moves the head; returns each append's records. */
    private List<List<ConsentRecord>> insert(List<GroupCommit.Pending> appending, Handle h, TreeSql.Growth position) {
        List<SubjectAppend> built = new ArrayList<>(appending.size());
        for (GroupCommit.Pending p : appending) {
            built.add(java.util.Objects.requireNonNull(p.built, "built"));
        }
        return insert(h, built, position);
    }

    /**
     * Writes built appends after the growth's base, which the transaction holds locked, grows the tree and moves
     * the head.
     */
    private List<List<ConsentRecord>> insert(Handle h, List<SubjectAppend> built, TreeSql.Growth position) {
        PostgresAppend pg = prebuiltWrite.postgres();
        if (pg == null || !OffsetRows.accepts(built)) {
            return ledger.inserts().insert(h, built, position);
        }
        try {
            position.addAll(built);
            List<List<ConsentRecord>> written = pg.insert(h.getConnection(), built, position);
            if (written == null) {
                throw new IllegalStateException("the ledger head moved while this transaction held its lock");
            }
            return written;
        } catch (SQLException e) {
            RuntimeException failure =
                    new org.jdbi.v3.core.statement.UnableToExecuteStatementException("append to the ledger", e, null);
            throw new AppendInserts.Failed(
                    pg.isDuplicateInteraction(e) ? AppendInserts.Step.INTERACTIONS : AppendInserts.Step.RECORDS,
                    failure);
        }
    }

    /**
     * What a failed insert means for an append run alone: a unique constraint on its interaction is a duplicate
     * (committed since the lookup, which a caller's REPEATABLE READ transaction may not have seen); any other
     * constraint (a sequence or position taken), a serialization failure or a deadlock is a lost race, to retry
     * on a new state; anything else a failure of the database.
     */
    private static RuntimeException meaning(AppendInserts.Failed f, GroupCommit.Pending p) {
        RuntimeException e = f.getCause();
        if (f.step() == AppendInserts.Step.INTERACTIONS && SqlErrors.isConstraintViolation(e)) {
            return new DuplicateInteractionException(p.subject, p.interactionId);
        }
        if (SqlErrors.isConstraintViolation(e) || SqlErrors.isRetryable(e)) {
            return conflict(
                    p, java.util.Objects.requireNonNull(p.built, "built").expectedSequence(), e);
        }
        return e;
    }

    private static ConcurrentUpdateException conflict(GroupCommit.Pending p, long expected, Throwable cause) {
        ConcurrentUpdateException conflict = new ConcurrentUpdateException(p.subject, expected);
        conflict.initCause(cause);
        return conflict;
    }

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void failUncompleted(List<GroupCommit.Pending> batch, Throwable e) {
        for (GroupCommit.Pending p : batch) {
            if (!p.completed()) {
                // a lost race (serialization failure, deadlock) is retried on a new state by the caller
                p.fail(SqlErrors.isRetryable(e) ? conflict(p, 0, e) : e);
            }
        }
    }
}
