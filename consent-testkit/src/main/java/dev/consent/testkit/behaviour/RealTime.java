package dev.consent.testkit.behaviour;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting in real time, for what happens on other threads, and reporting the waits. */
final class RealTime {
    private RealTime() {}

    /** Waits until {@code condition} holds and returns how long that took; fails past {@code limit}. */
    static long nanosUntil(BooleanSupplier condition, Duration limit, String what) {
        long start = System.nanoTime();
        long limitNanos = limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > limitNanos) {
                fail("waited %d ms, yet not: %s", limit.toMillis(), what);
            }
            LockSupport.parkNanos(100_000);
        }
        return System.nanoTime() - start;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
