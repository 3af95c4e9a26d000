package dev.consent.testkit.relay;

import dev.consent.relay.Relay;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What {@link RelayContract} does to relays beyond their API: crash one, wait for one. */
final class Relays {
    private Relays() {}

    /**
     * Stops {@code relay} like a crash: no lease release, no checkpoint advance for the message in flight.
     * {@code Relay.abandon()} is package-private, a hook for tests that the public API does not offer; the kit
     * calls it reflectively (the kit runs on the class path, where that is allowed).
     */
    static void abandon(Relay relay) {
        try {
            Method abandon = Relay.class.getDeclaredMethod("abandon");
            abandon.setAccessible(true);
            abandon.invoke(relay);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Relay.abandon() failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Relay.abandon() is not reachable: " + e, e);
        }
    }

    /** Waits up to a minute for {@code condition}; fails naming {@code what}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
