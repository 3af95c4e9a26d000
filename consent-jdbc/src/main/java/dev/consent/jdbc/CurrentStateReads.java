package dev.consent.jdbc;

import dev.consent.spi.CurrentState;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The bulk current-state reads of {@link JdbcConsentStore}: the arguments checked, then one handle. */
final class CurrentStateReads {
    private final JdbiCalls calls;
    private final LedgerSql ledger;

    CurrentStateReads(JdbiCalls calls, LedgerSql ledger) {
        this.calls = calls;
        this.ledger = ledger;
    }

    /** The current states of {@code subjects}; with a purpose, only its rows and the lifecycle rows. */
    Map<String, CurrentState> read(Collection<String> subjects, @Nullable String purposeId) {
        if (StoreArguments.noNullSubject(subjects).isEmpty()) {
            return Map.of();
        }
        return calls.withHandle(
                "read the current states of subjects", h -> ledger.loadCurrentStates(h, subjects, purposeId));
    }
}
