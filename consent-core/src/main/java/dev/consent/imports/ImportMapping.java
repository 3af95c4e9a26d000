package dev.consent.imports;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which purpose, at which version, each purpose name of an import source stands for. A row whose purpose name
 * is not mapped is rejected. Immutable and thread-safe.
 */
public final class ImportMapping {
    /**
     * The purpose a source's purpose name stands for.
     *
     * @param purposeId the purpose id
     * @param version the version the person saw, 1 or more
     */
    public record Target(String purposeId, int version) {
        /** Checks the components. */
        public Target {
            Checks.purposeId("purposeId", purposeId);
            if (version < 1) {
                throw new InvalidInputException("version", version, "must be 1 or more: the version the person saw");
            }
        }
    }

    private final Map<String, Target> targets;

    private ImportMapping(Map<String, Target> targets) {
        this.targets = Map.copyOf(targets);
    }

    /** Starts a mapping. */
    public static Builder builder() {
        return new Builder();
    }

    /** The purpose {@code name} stands for, if mapped; names are compared exactly. */
    public Optional<Target> find(String name) {
        return Optional.ofNullable(targets.get(Objects.requireNonNull(name, "name")));
    }

    /** Every mapping, by source name; unmodifiable. */
    public Map<String, Target> targets() {
        return targets;
    }

    /** Builds an {@link ImportMapping}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Target> targets = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Maps the source's purpose name {@code name} to version {@code version} of {@code purposeId}.
         *
         * @throws InvalidInputException if the name is blank or mapped already, or the target is invalid
         */
        public Builder map(String name, String purposeId, int version) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new InvalidInputException("name", name, "must not be blank");
            }
            Target target = new Target(purposeId, version);
            if (targets.putIfAbsent(name, target) != null) {
                throw new InvalidInputException("name", name, "is mapped already, to " + targets.get(name));
            }
            return this;
        }

        /** @throws InvalidInputException if nothing is mapped */
        public ImportMapping build() {
            if (targets.isEmpty()) {
                throw new InvalidInputException("mapping", "{}", "must map at least one purpose name");
            }
            return new ImportMapping(targets);
        }
    }
}
