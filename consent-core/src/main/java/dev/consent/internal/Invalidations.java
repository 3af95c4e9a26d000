package dev.consent.internal;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.GrantFilter;
import dev.consent.Invalidation;
import dev.consent.spi.RegistryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The invalidations of the registry, folded from its events, and the rule that applies them: a
 * {@link Action#GRANTED} record is invalid at an instant when an invalidation active then
 * ({@link Invalidation#activeAt}) selects it; the first such invalidation (oldest, then by id) is the one a
 * decision names. Immutable and thread-safe. Not API.
 */
public final class Invalidations {
    private static final Invalidations NONE = new Invalidations(List.of());
    private static final Comparator<Invalidation> ORDER =
            Comparator.comparing(Invalidation::invalidatedAt).thenComparing(Invalidation::id);

    private final List<Invalidation> all;
    /** The invalidations not lifted: what decisions now apply. */
    private final Invalidation[] unlifted;

    private Invalidations(List<Invalidation> all) {
        List<Invalidation> sorted = new ArrayList<>(all);
        sorted.sort(ORDER);
        this.all = List.copyOf(sorted);
        this.unlifted = sorted.stream().filter(i -> i.lift() == null).toArray(Invalidation[]::new);
    }

    /** No invalidations. */
    public static Invalidations none() {
        return NONE;
    }

    /** The invalidations {@code list} holds. */
    public static Invalidations of(List<Invalidation> list) {
        return list.isEmpty() ? NONE : new Invalidations(list);
    }

    /**
     * The invalidations recorded by {@code events}, each with its lift.
     *
     * @throws IllegalStateException if a lift has no invalidation, or an invalidation two events of a kind
     */
    static Invalidations fold(List<RegistryEvent> events) {
        if (events.isEmpty()) {
            return NONE;
        }
        Map<UUID, Invalidation> byId = new LinkedHashMap<>();
        for (RegistryEvent e : events) {
            if (e.kind() == RegistryEvent.Kind.INVALIDATED) {
                if (byId.containsKey(e.invalidationId())) {
                    throw new IllegalStateException("store holds invalidation " + e.invalidationId() + " twice");
                }
                byId.put(
                        e.invalidationId(),
                        new Invalidation(
                                e.invalidationId(),
                                java.util.Objects.requireNonNull(e.filter()),
                                e.actor(),
                                e.reason(),
                                e.recordedAt(),
                                e.grantsMatched(),
                                null));
            }
        }
        for (RegistryEvent e : events) {
            if (e.kind() == RegistryEvent.Kind.LIFTED) {
                Invalidation i = byId.get(e.invalidationId());
                if (i == null || i.lift() != null) {
                    throw new IllegalStateException("store holds a lift of invalidation " + e.invalidationId()
                            + (i == null ? " without the invalidation" : " twice"));
                }
                byId.put(
                        i.id(),
                        new Invalidation(
                                i.id(),
                                i.filter(),
                                i.actor(),
                                i.reason(),
                                i.invalidatedAt(),
                                i.grantsMatched(),
                                new Invalidation.Lift(e.actor(), e.reason(), e.recordedAt())));
            }
        }
        return new Invalidations(new ArrayList<>(byId.values()));
    }

    /** Every invalidation, oldest first. */
    public List<Invalidation> all() {
        return all;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return all.isEmpty();
    }

    /**
     * The id of the first invalidation not lifted that selects {@code record}, or null: what a decision now
     * names. Allocation-free.
     */
    public @Nullable UUID now(@Nullable ConsentRecord record) {
        if (record == null || record.action() != Action.GRANTED) {
            return null;
        }
        for (Invalidation i : unlifted) {
            if (i.filter().matches(record)) {
                return i.id();
            }
        }
        return null;
    }

    /** The id of the first invalidation active at {@code at} that selects {@code record}, or null. */
    public @Nullable UUID at(@Nullable ConsentRecord record, Instant at) {
        if (record == null || record.action() != Action.GRANTED) {
            return null;
        }
        for (Invalidation i : all) {
            if (i.activeAt(at) && i.filter().matches(record)) {
                return i.id();
            }
        }
        return null;
    }

    /** The filters of the invalidations active at {@code at}. */
    public List<GrantFilter> filtersActiveAt(Instant at) {
        List<GrantFilter> out = new ArrayList<>();
        for (Invalidation i : all) {
            if (i.activeAt(at)) {
                out.add(i.filter());
            }
        }
        return out;
    }

    /** Appends a canonical form of every event to {@code canonical}, for the registry's fingerprint. */
    void appendCanonical(StringBuilder canonical) {
        for (Invalidation i : all) {
            GrantFilter f = i.filter();
            canonical
                    .append("invalidation\u0000")
                    .append(i.id())
                    .append('\u0000')
                    .append(f.purposeId() == null ? "" : f.purposeId())
                    .append('\u0000')
                    .append(f.collectionPoint() == null ? "" : f.collectionPoint())
                    .append('\u0000')
                    .append(f.noticeVersion() == null ? "" : f.noticeVersion())
                    .append('\u0000')
                    .append(f.recordedFrom() == null ? "" : f.recordedFrom().toEpochMilli())
                    .append('\u0000')
                    .append(f.recordedUntil() == null ? "" : f.recordedUntil().toEpochMilli())
                    .append('\u0000')
                    .append(i.invalidatedAt().toEpochMilli())
                    .append('\u0000')
                    .append(i.lift() == null ? "" : i.lift().liftedAt().toEpochMilli())
                    .append('\u0002');
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Invalidations other && all.equals(other.all);
    }

    @Override
    public int hashCode() {
        return all.hashCode();
    }
}
