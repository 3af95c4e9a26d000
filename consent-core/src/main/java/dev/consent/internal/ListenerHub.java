package dev.consent.internal;

import dev.consent.ConsentChange;
import dev.consent.ConsentListener;
import dev.consent.Subscription;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed changes to listeners off the writer's thread. Each listener has its own queue
 * drained by at most one task at a time, so it sees changes in commit order, and a slow or failing
 * listener delays or harms no other.
 */
final class ListenerHub {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerHub.class);

    private final Executor executor;
    private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

    ListenerHub(Executor executor) {
        this.executor = executor;
    }

    Subscription subscribe(ConsentListener listener) {
        Registration r = new Registration(Objects.requireNonNull(listener, "listener"));
        registrations.add(r);
        return r;
    }

    /** Queues {@code change} for every listener. Never throws; never runs a listener on this thread. */
    void publish(ConsentChange change) {
        for (Registration r : registrations) {
            r.enqueue(change);
        }
    }

    private final class Registration implements Subscription, Runnable {
        private final ConsentListener listener;
        private final ArrayDeque<ConsentChange> queue = new ArrayDeque<>();
        private boolean scheduled;
        private volatile boolean closed;

        Registration(ConsentListener listener) {
            this.listener = listener;
        }

        void enqueue(ConsentChange change) {
            if (closed) {
                return;
            }
            synchronized (this) {
                queue.add(change);
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    scheduled = false;
                    queue.clear();
                }
                LOG.warn("listener {} dropped a change: its executor rejected the delivery", listener, e);
            }
        }

        @Override
        public void run() {
            while (true) {
                ConsentChange next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null || closed) {
                        queue.clear();
                        scheduled = false;
                        return;
                    }
                }
                try {
                    listener.onChange(next);
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError) {
                        throw (Error) e;
                    }
                    LOG.warn(
                            "consent listener {} failed on the change of interaction {} at position {}; "
                                    + "other listeners are not affected",
                            listener,
                            next.interactionId(),
                            next.position(),
                            e);
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            registrations.remove(this);
        }
    }
}
