package dev.consent;

import dev.consent.internal.Checks;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What consent receipts state about the organisation rather than the person: the controllers, the privacy
 * policy, the service, the default jurisdiction and language, and optionally the key receipts are signed
 * with. Immutable; built by {@link #builder()}, which validates every setting. See {@link Receipts}.
 */
public final class ReceiptSettings {
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private final List<Controller> controllers;
    private final String policyUrl;
    private final String service;
    private final String jurisdiction;
    private final String language;
    private final @Nullable KeyPair signingKey;

    private ReceiptSettings(Builder b) {
        if (b.controllers == null || b.controllers.isEmpty()) {
            throw new InvalidInputException(
                    "controllers", b.controllers == null ? null : "[]", "must name at least one controller");
        }
        this.controllers = b.controllers;
        if (b.policyUrl == null) {
            throw new InvalidInputException("policyUrl", null, "must be set");
        }
        this.policyUrl = Controller.httpUrl("policyUrl", b.policyUrl);
        this.service = Checks.text("service", b.service, Checks.MAX_ID_LENGTH);
        this.jurisdiction = Checks.text("jurisdiction", b.jurisdiction, Limits.MAX_JURISDICTION_LENGTH);
        if (!LANGUAGE.matcher(b.language).matches()) {
            throw new InvalidInputException("language", b.language, "must be a language tag such as en or de-CH");
        }
        this.language = b.language;
        this.signingKey = b.signingKey;
    }

    /** Starts the settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The PII controllers; unmodifiable, at least one. */
    public List<Controller> controllers() {
        return controllers;
    }

    /** The address of the privacy policy. */
    public String policyUrl() {
        return policyUrl;
    }

    /** The name of the service the purposes belong to. */
    public String service() {
        return service;
    }

    /** The jurisdiction stated when a record names none. */
    public String jurisdiction() {
        return jurisdiction;
    }

    /** The language of the receipt, a language tag. */
    public String language() {
        return language;
    }

    /** The key receipts are signed with, if one is configured. */
    public Optional<KeyPair> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** Builds {@link ReceiptSettings}. Each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private @Nullable List<Controller> controllers;
        private @Nullable String policyUrl;
        private @Nullable String service;
        private @Nullable String jurisdiction;
        private String language = "en";
        private @Nullable KeyPair signingKey;
        private final java.util.Set<String> given = new java.util.HashSet<>();

        private Builder() {}

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The one PII controller; this or {@link #controllers(List)} is required. */
        public Builder controller(Controller controller) {
            return controllers(List.of(Objects.requireNonNull(controller, "controller")));
        }

        /** The PII controllers (joint controllers), in the order receipts list them. */
        public Builder controllers(List<Controller> controllers) {
            once("controllers");
            this.controllers = List.copyOf(Objects.requireNonNull(controllers, "controllers"));
            return this;
        }

        /** The address (http or https) of the privacy policy; required. */
        public Builder policyUrl(String policyUrl) {
            once("policyUrl");
            this.policyUrl = Objects.requireNonNull(policyUrl, "policyUrl");
            return this;
        }

        /** The name of the service the purposes belong to, such as {@code ACME Shop}; required. */
        public Builder service(String service) {
            once("service");
            this.service = Objects.requireNonNull(service, "service");
            return this;
        }

        /** The jurisdiction stated when a record names none, such as {@code EU}; required. */
        public Builder jurisdiction(String jurisdiction) {
            once("jurisdiction");
            this.jurisdiction = Objects.requireNonNull(jurisdiction, "jurisdiction");
            return this;
        }

        /** The language of the receipt, a language tag such as {@code en}; defaults to {@code en}. */
        public Builder language(String language) {
            once("language");
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        /**
         * Signs every receipt as a JWS with this key: RS256 for an RSA key of at least 2048 bits, ES256 for an
         * EC key on the P-256 curve. Its public key is stated in the receipt.
         *
         * @throws InvalidInputException if the key is of another kind or size
         */
        public Builder signingKey(KeyPair signingKey) {
            once("signingKey");
            Objects.requireNonNull(signingKey, "signingKey");
            Objects.requireNonNull(signingKey.getPrivate(), "signingKey.private");
            if (signingKey.getPublic() instanceof RSAPublicKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw new InvalidInputException(
                            "signingKey",
                            rsa.getModulus().bitLength() + "-bit RSA key",
                            "must have at least 2048 bits");
                }
            } else if (signingKey.getPublic() instanceof ECPublicKey ec) {
                if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new InvalidInputException(
                            "signingKey",
                            ec.getParams().getCurve().getField().getFieldSize() + "-bit EC key",
                            "must be on the P-256 curve (ES256)");
                }
            } else {
                throw new InvalidInputException(
                        "signingKey",
                        signingKey.getPublic().getAlgorithm() + " key",
                        "must be an RSA or EC (P-256) key");
            }
            this.signingKey = signingKey;
            return this;
        }

        /** @throws InvalidInputException naming the first missing or invalid setting */
        public ReceiptSettings build() {
            return new ReceiptSettings(this);
        }
    }
}
