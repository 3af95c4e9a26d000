package dev.consent.testkit.requests;

import dev.consent.requests.ErasureCall;
import dev.consent.requests.ErasureResult;
import dev.consent.requests.ErasureTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls of erasure targets as they happened: each call's target, its {@link ErasureCall}, and the ticks of
 * one shared counter at which it started and ended, so that a test can tell which call ended before which
 * started. Thread-safe.
 */
public final class Calls {
    /** One call of a target. */
    public record Call(String target, ErasureCall call, long start, long end) {}

    /** What a target does when called. */
    @FunctionalInterface
    public interface Behaviour {
        ErasureResult erase(ErasureCall call) throws Exception;
    }

    private final AtomicLong ticks = new AtomicLong();
    private final List<Call> calls = new ArrayList<>();

    /** A target named {@code name} that behaves as given and is recorded here, whether it returns or throws. */
    public ErasureTarget target(String name, Behaviour behaviour) {
        return call -> {
            long start = ticks.incrementAndGet();
            try {
                return behaviour.erase(call);
            } finally {
                long end = ticks.incrementAndGet();
                synchronized (calls) {
                    calls.add(new Call(name, call, start, end));
                }
            }
        };
    }

    /** A target that sleeps {@code millis} and erases one item. */
    public ErasureTarget slow(String name, long millis) {
        return target(name, call -> {
            Thread.sleep(millis);
            return ErasureResult.erased(1);
        });
    }

    /** Every call so far, in the order they ended. */
    public List<Call> all() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls of one target so far, in the order they ended. */
    public List<Call> of(String target) {
        return all().stream().filter(c -> c.target().equals(target)).toList();
    }
}
