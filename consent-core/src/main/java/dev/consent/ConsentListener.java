package dev.consent;

/**
 * Told of every change committed through a {@link ConsentSystem}, after the commit, on a thread other
 * than the writer's. Each listener receives changes one at a time, in commit order. A listener that
 * throws is logged and skipped for that change; it never affects the writer or other listeners.
 */
@FunctionalInterface
public interface ConsentListener {
    /**
     * Called once per committed change.
     *
     * @param change the records committed together
     */
    void onChange(ConsentChange change);
}
