package dev.consent.internal;

import dev.consent.ConsentChange;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Hands committed changes to the listeners in commit order, that is in ledger position order, although
 * writers come back from the store and publish in any order (a writer whose commit came first may be
 * descheduled before it publishes). Thread-safe; never blocks a writer beyond its own short lock.
 *
 * <p>Each append takes a ticket before it reaches the store and gives it back afterwards, with its change
 * if it committed one. A change can only be preceded in position by appends that had begun before it came
 * back, so it is handed on once every ticket taken before it came back has been given back, and changes
 * are handed on lowest position first.
 */
final class CommitOrder {
    private final ListenerHub listeners;
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private final PriorityQueue<Pending> committed =
            new PriorityQueue<>(Comparator.comparingLong((Pending p) -> p.change.position()));
    private long nextTicket;

    private static final class Pending {
        final ConsentChange change;
        /** Tickets below this were taken before the change came back. */
        final long ticketsBefore;

        Pending(ConsentChange change, long ticketsBefore) {
            this.change = change;
            this.ticketsBefore = ticketsBefore;
        }
    }

    CommitOrder(ListenerHub listeners) {
        this.listeners = listeners;
    }

    /** Takes a ticket before an append; give it back with {@link #end}, whatever happens. */
    synchronized long begin() {
        long ticket = nextTicket++;
        inFlight.add(ticket);
        return ticket;
    }

    /**
     * Gives a ticket back.
     *
     * @param change what the append committed, or {@code null} if it committed nothing
     */
    synchronized void end(long ticket, @Nullable ConsentChange change) {
        inFlight.remove(ticket);
        if (change != null) {
            committed.add(new Pending(change, nextTicket));
        }
        handOn();
    }

    /**
     * Hands on changes committed without a ticket, in a caller's transaction whose commit this system does
     * not see coming: each waits, like any other, for the appends in flight now, and they go out lowest
     * position first. An append of this system that took its ticket and came back between the
     * transaction's commit and this call may have been handed on already, ahead of a lower position here.
     */
    synchronized void transactionCommitted(List<ConsentChange> changes) {
        for (ConsentChange change : changes) {
            committed.add(new Pending(change, nextTicket));
        }
        handOn();
    }

    private void handOn() {
        Pending next;
        while ((next = committed.peek()) != null && (inFlight.isEmpty() || inFlight.first() >= next.ticketsBefore)) {
            committed.poll();
            listeners.publish(next.change);
        }
    }
}
