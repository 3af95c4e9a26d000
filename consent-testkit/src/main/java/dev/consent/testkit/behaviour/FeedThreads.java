package dev.consent.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

/** The threads that follow the change feed, found by the name their systems give them. */
final class FeedThreads {
    private static final String FEED_THREAD = "consent-feed-";

    private FeedThreads() {}

    /** The live follower threads of every system in this process. */
    static Set<Thread> running() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(FEED_THREAD) && t.isAlive()) {
                threads.add(t);
            }
        }
        return threads;
    }

    /** The one follower thread started since {@code before} was taken. */
    static Thread startedSince(Set<Thread> before) {
        Set<Thread> started = running();
        started.removeAll(before);
        assertThat(started).as("follower threads started").hasSize(1);
        return started.iterator().next();
    }
}
