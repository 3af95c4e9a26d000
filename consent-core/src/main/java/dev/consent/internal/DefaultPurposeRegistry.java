package dev.consent.internal;

import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import dev.consent.PurposeRegistry;
import dev.consent.UnknownPurposeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The registry over a store. Reads come from an immutable in-memory view replaced on every change
 * (copy on write), so the enforcer's lookups take no lock. Writes are serialised.
 */
final class DefaultPurposeRegistry implements PurposeRegistry {
    private final GuardedStore store;
    private final Clock clock;
    /** Least time between two reloads caused by lookups of unknown purpose ids: one second. */
    static final long RELOAD_INTERVAL_NANOS = 1_000_000_000L;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefaultPurposeRegistry.class);

    private volatile View view;
    private final java.util.concurrent.atomic.AtomicLong lastReload =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - RELOAD_INTERVAL_NANOS);

    /** Immutable view of all versions. */
    static final class View {
        final int generation;
        final Map<String, List<Purpose>> versions;
        final HashMap<String, PurposeRuntime> current;
        final String fingerprint;
        /** The registry's invalidations of grants, applied by every decision built on this view. */
        final Invalidations invalidations;

        View(int generation, Map<String, List<Purpose>> versions, Invalidations invalidations) {
            this.generation = generation;
            this.versions = versions;
            this.invalidations = invalidations;
            this.current = new HashMap<>();
            for (Map.Entry<String, List<Purpose>> e : versions.entrySet()) {
                List<Purpose> list = e.getValue();
                current.put(e.getKey(), new PurposeRuntime(list));
            }
            this.fingerprint = fingerprintOf(versions, invalidations);
        }
    }

    /**
     * @param store where versions are kept
     * @param clock stamps each published version
     */
    DefaultPurposeRegistry(GuardedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.view = build(0, loadAll(), loadEvents());
    }

    @Override
    public synchronized Purpose define(Purpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        List<Purpose> existing = view.versions.getOrDefault(purpose.id(), List.of());
        if (purpose.version() <= existing.size()) {
            Purpose stored = existing.get(purpose.version() - 1);
            if (stored.equals(purpose)) {
                return stored;
            }
            throw new PurposeConflictException("purpose " + purpose.id() + " version " + purpose.version()
                    + " is already defined with other content; publish version " + (existing.size() + 1) + " instead");
        }
        if (purpose.version() != existing.size() + 1) {
            throw new PurposeConflictException("purpose " + purpose.id() + " version " + purpose.version()
                    + " skips versions: the next version is " + (existing.size() + 1));
        }
        if (!existing.isEmpty()) {
            Purpose latest = existing.get(existing.size() - 1);
            if (latest.legalBasis() != purpose.legalBasis()) {
                throw new PurposeConflictException("purpose " + purpose.id() + " cannot change its legal basis from "
                        + latest.legalBasis() + " to " + purpose.legalBasis() + "; define a new purpose");
            }
            if (purpose.minValidVersion() < latest.minValidVersion()) {
                throw new InvalidInputException(
                        "minValidVersion",
                        purpose.minValidVersion(),
                        "must not be lower than the previous version's " + latest.minValidVersion());
            }
        }
        Purpose stamped = purpose.withDefinedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.savePurpose(stamped);
        reload();
        return find(purpose.id(), purpose.version()).orElse(stamped);
    }

    /**
     * Reloads every version and every registry event from the store, picking up versions and invalidations
     * other nodes published.
     */
    public synchronized void reload() {
        view = build(view.generation + 1, loadAll(), loadEvents());
        lastReload.set(System.nanoTime());
    }

    /**
     * Reloads every version from the store and installs them only if they differ from the current ones, so
     * that versions, material changes and retirements published by other nodes reach this system's checks
     * (the change feed calls this on every poll). An unchanged store leaves the generation, and so every
     * cached snapshot, as it is.
     *
     * @return whether the definitions changed
     */
    synchronized boolean refreshIfChanged() {
        View fresh = build(view.generation + 1, loadAll(), loadEvents());
        if (fresh.versions.equals(view.versions) && fresh.invalidations.equals(view.invalidations)) {
            return false;
        }
        view = fresh;
        lastReload.set(System.nanoTime());
        return true;
    }

    /**
     * The current version of {@code purposeId} with its precomputed decisions, or null if it is unknown: the
     * one lookup of a purpose for a decision. An id the view does not hold is looked up again after
     * reloading from the store ({@link #lookUpAfterReload}). Hot path for a known id: one volatile read and
     * one map lookup, no allocation.
     */
    @Nullable
    PurposeRuntime runtime(String purposeId) {
        PurposeRuntime p = view.current.get(purposeId);
        return p != null ? p : lookUpAfterReload(purposeId);
    }

    /**
     * Looks {@code purposeId} up again after reloading from the store, for an id this registry does not
     * know: another system over the same store may have defined it. Reloads at most once per
     * {@link #RELOAD_INTERVAL_NANOS}, so a stream of unknown ids cannot turn into a stream of store reads;
     * a failed reload leaves the view as it was.
     *
     * @return the purpose, or null if it is still unknown
     */
    private @Nullable PurposeRuntime lookUpAfterReload(String purposeId) {
        long last = lastReload.get();
        long now = System.nanoTime();
        if (now - last >= RELOAD_INTERVAL_NANOS && lastReload.compareAndSet(last, now)) {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.debug("could not reload the purpose definitions while looking up {}", purposeId, e);
            }
        }
        return view.current.get(purposeId);
    }

    /** Every stored registry event; a store failure is a {@link dev.consent.StoreUnavailableException}. */
    private List<dev.consent.spi.RegistryEvent> loadEvents() {
        return store.loadRegistryEvents();
    }

    @Override
    public synchronized dev.consent.Invalidation invalidate(dev.consent.Invalidation.Request request) {
        Objects.requireNonNull(request, "request");
        String purposeId = request.filter().purposeId();
        if (purposeId != null && !view.versions.containsKey(purposeId)) {
            reload();
            if (!view.versions.containsKey(purposeId)) {
                throw new UnknownPurposeException("purposeId", purposeId, "no such purpose");
            }
        }
        dev.consent.Invalidation stored = InvalidationWrites.invalidate(store, clock, request);
        reload();
        return stored;
    }

    @Override
    public synchronized dev.consent.Invalidation lift(
            java.util.UUID invalidationId, dev.consent.Actor actor, String reason) {
        Objects.requireNonNull(invalidationId, "invalidationId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        reload(); // the invalidation may come from, or have been lifted by, another system
        dev.consent.Invalidation lifted =
                InvalidationWrites.lift(store, clock, view.invalidations, invalidationId, actor, reason);
        reload();
        return lifted;
    }

    @Override
    public List<dev.consent.Invalidation> invalidations() {
        return view.invalidations.all();
    }

    /** Every stored version; a store failure is a {@link dev.consent.StoreUnavailableException}. */
    private List<Purpose> loadAll() {
        return store.loadPurposes();
    }

    @Override
    public Optional<Purpose> find(String purposeId) {
        PurposeRuntime r = view.current.get(Objects.requireNonNull(purposeId, "purposeId"));
        return r == null ? Optional.empty() : Optional.of(r.purpose);
    }

    @Override
    public Purpose get(String purposeId) {
        return find(purposeId)
                .orElseThrow(() -> new UnknownPurposeException("purposeId", purposeId, "no such purpose"));
    }

    @Override
    public Optional<Purpose> find(String purposeId, int version) {
        List<Purpose> list = view.versions.getOrDefault(Objects.requireNonNull(purposeId, "purposeId"), List.of());
        return version >= 1 && version <= list.size() ? Optional.of(list.get(version - 1)) : Optional.empty();
    }

    @Override
    public List<Purpose> versions(String purposeId) {
        return view.versions.getOrDefault(Objects.requireNonNull(purposeId, "purposeId"), List.of());
    }

    @Override
    public List<Purpose> current() {
        List<Purpose> out = new ArrayList<>();
        for (List<Purpose> list : view.versions.values()) {
            out.add(list.get(list.size() - 1));
        }
        return List.copyOf(out);
    }

    @Override
    public List<Purpose> group(String group) {
        Objects.requireNonNull(group, "group");
        List<Purpose> out = new ArrayList<>();
        for (Purpose p : current()) {
            if (p.group().filter(group::equals).isPresent()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String fingerprint() {
        return view.fingerprint;
    }

    /**
     * The current view: the definitions, their precomputed decisions and a generation that changes
     * whenever they do (the cache reloads a snapshot built under another generation before a check uses
     * it). Hot path: one volatile read.
     */
    View view() {
        return view;
    }

    /** The versions in force at {@code instant}: for each purpose, the latest version published by then. */
    Map<String, Purpose> inForceAt(Instant instant) {
        Map<String, Purpose> out = new TreeMap<>();
        for (Map.Entry<String, List<Purpose>> e : view.versions.entrySet()) {
            for (Purpose p : e.getValue()) {
                if (p.definedAt().map(d -> !d.isAfter(instant)).orElse(true)) {
                    out.put(e.getKey(), p);
                }
            }
        }
        return out;
    }

    private static View build(int generation, List<Purpose> all, List<dev.consent.spi.RegistryEvent> events) {
        Map<String, List<Purpose>> byId = new TreeMap<>();
        for (Purpose p : all) {
            byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
        }
        Map<String, List<Purpose>> frozen = new TreeMap<>();
        for (Map.Entry<String, List<Purpose>> e : byId.entrySet()) {
            List<Purpose> list = e.getValue();
            list.sort(Comparator.comparingInt(Purpose::version));
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).version() != i + 1) {
                    throw new IllegalStateException(
                            "store holds purpose " + e.getKey() + " without version " + (i + 1));
                }
            }
            frozen.put(e.getKey(), List.copyOf(list));
        }
        return new View(generation, java.util.Collections.unmodifiableMap(frozen), Invalidations.fold(events));
    }

    private static String fingerprintOf(Map<String, List<Purpose>> versions, Invalidations invalidations) {
        StringBuilder canonical = new StringBuilder();
        for (List<Purpose> list : versions.values()) {
            Purpose p = list.get(list.size() - 1);
            canonical
                    .append(p.id())
                    .append('\u0000')
                    .append(p.version())
                    .append('\u0000')
                    .append(p.title())
                    .append('\u0000')
                    .append(p.description())
                    .append('\u0000')
                    .append(p.legalBasis())
                    .append('\u0000')
                    .append(p.group().orElse(""))
                    .append('\u0000')
                    .append(p.maxAgeText().orElse(""))
                    .append('\u0000')
                    .append(p.minValidVersion())
                    .append('\u0000')
                    .append(String.join("\u0001", p.recipients()))
                    .append('\u0000')
                    .append(p.retired());
            if (p.category().isPresent()
                    || !p.piiCategories().isEmpty()
                    || !p.sensitiveCategories().isEmpty()) {
                // only when given, so that the fingerprints of purposes without them stay as they were
                canonical
                        .append('\u0000')
                        .append(p.category().orElse(""))
                        .append('\u0000')
                        .append(String.join("\u0001", p.piiCategories()))
                        .append('\u0000')
                        .append(String.join("\u0001", p.sensitiveCategories()));
            }
            if (!p.saleOrSharing().isEmpty() || !p.optOutJurisdictions().isEmpty()) {
                // only when given, as above: fingerprints of purposes that neither sell nor share stay as they were
                canonical
                        .append('\u0003')
                        .append(p.saleOrSharing())
                        .append('\u0000')
                        .append(String.join("\u0001", p.optOutJurisdictions()));
            }
            canonical.append('\u0002');
        }
        // only when there are any, so that the fingerprints of registries without them stay as they were
        invalidations.appendCanonical(canonical);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
