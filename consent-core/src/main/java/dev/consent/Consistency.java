package dev.consent;

/**
 * How fresh the state behind a check must be. Immutable.
 *
 * <ul>
 *   <li>{@link #cached()}: the default; the cached snapshot of the subject, kept fresh by this system's
 *       own writes (read your writes) and bounded in age by the cache's expire-after-write.
 *   <li>{@link #atLeast(long)}: a state that includes every record up to a ledger position, such as
 *       the one {@link WriteResult#position()} returned on another node; reloads when the cache is older.
 *   <li>{@link #full()}: read the store, bypassing the cache.
 * </ul>
 */
public final class Consistency {
    private static final Consistency CACHED = new Consistency(Kind.CACHED, 0);
    private static final Consistency FULL = new Consistency(Kind.FULL, 0);

    /** The kinds of consistency. */
    public enum Kind {
        /** Answer from the cache when it holds the subject. */
        CACHED,
        /** Answer from a state at least as fresh as a ledger position. */
        AT_LEAST,
        /** Answer from the store. */
        FULL
    }

    private final Kind kind;
    private final long position;

    private Consistency(Kind kind, long position) {
        this.kind = kind;
        this.position = position;
    }

    /** Answer from the cache when it holds the subject. */
    public static Consistency cached() {
        return CACHED;
    }

    /** Answer from the store, bypassing the cache. */
    public static Consistency full() {
        return FULL;
    }

    /**
     * Answer from a state that includes every record up to {@code position}.
     *
     * @param position a ledger position, such as one a write returned; 0 or more
     * @throws InvalidInputException if negative
     */
    public static Consistency atLeast(long position) {
        if (position < 0) {
            throw new InvalidInputException("position", position, "must not be negative");
        }
        return new Consistency(Kind.AT_LEAST, position);
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** The ledger position for {@link Kind#AT_LEAST}, else 0. */
    public long position() {
        return position;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Consistency c && c.kind == kind && c.position == position;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(position);
    }

    @Override
    public String toString() {
        return kind == Kind.AT_LEAST ? "AT_LEAST(" + position + ")" : kind.name();
    }
}
