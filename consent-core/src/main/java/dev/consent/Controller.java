package dev.consent;

import dev.consent.internal.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The PII controller a consent receipt names: the organisation responsible for the processing, and how to
 * reach it. Immutable; built by {@link #builder(String)}, which validates every field.
 */
public final class Controller {
    private final String name;
    private final String contact;
    private final String streetAddress;
    private final String country;
    private final String email;
    private final String phone;
    private final @Nullable String url;
    private final boolean onBehalf;

    private Controller(Builder b) {
        this.name = Checks.text("name", b.name, Checks.MAX_ID_LENGTH);
        this.contact = Checks.text("contact", b.contact, Checks.MAX_ID_LENGTH);
        this.streetAddress = Checks.text("streetAddress", b.streetAddress, Checks.MAX_ID_LENGTH);
        this.country = Checks.text("country", b.country, Checks.MAX_ID_LENGTH);
        this.email = Checks.text("email", b.email, Checks.MAX_ID_LENGTH);
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.contains(" ")) {
            throw new InvalidInputException("email", email, "must be an e-mail address such as dpo@example.com");
        }
        this.phone = Checks.text("phone", b.phone, Checks.MAX_ID_LENGTH);
        this.url = b.url == null ? null : httpUrl("url", b.url);
        this.onBehalf = b.onBehalf;
    }

    /** Validates an absolute http or https URL, naming {@code field}. Not API. */
    static String httpUrl(String field, String value) {
        Checks.text(field, value, Checks.MAX_ID_LENGTH);
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw new InvalidInputException(field, value, "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, value, "must be an absolute http or https URL");
        }
        return value;
    }

    /**
     * Starts a controller.
     *
     * @param name the organisation's name
     */
    public static Builder builder(String name) {
        return new Builder(Objects.requireNonNull(name, "name"));
    }

    /** The organisation's name. */
    public String name() {
        return name;
    }

    /** Whom to contact, such as the data-protection officer. */
    public String contact() {
        return contact;
    }

    /** The street address. */
    public String streetAddress() {
        return streetAddress;
    }

    /** The country, such as {@code GB} or {@code Germany}. */
    public String country() {
        return country;
    }

    /** The contact e-mail address. */
    public String email() {
        return email;
    }

    /** The contact phone number. */
    public String phone() {
        return phone;
    }

    /** The controller's web address, if given. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** Whether the controller acts on behalf of another (as a processor or agent). */
    public boolean onBehalf() {
        return onBehalf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Controller c
                && name.equals(c.name)
                && contact.equals(c.contact)
                && streetAddress.equals(c.streetAddress)
                && country.equals(c.country)
                && email.equals(c.email)
                && phone.equals(c.phone)
                && Objects.equals(url, c.url)
                && onBehalf == c.onBehalf;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, email);
    }

    @Override
    public String toString() {
        return "Controller[" + name + "]";
    }

    /**
     * Builds a {@link Controller}. Contact, street address, country, e-mail and phone are required (the
     * consent receipt specification requires them); the URL is optional. Each setting may be given once.
     * Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private @Nullable String contact;
        private @Nullable String streetAddress;
        private @Nullable String country;
        private @Nullable String email;
        private @Nullable String phone;
        private @Nullable String url;
        private boolean onBehalf;
        private final java.util.Set<String> given = new java.util.HashSet<>();

        private Builder(String name) {
            this.name = name;
        }

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** Whom to contact, such as {@code Data Protection Officer}; required. */
        public Builder contact(String contact) {
            once("contact");
            this.contact = Objects.requireNonNull(contact, "contact");
            return this;
        }

        /** The street address and the country; required. */
        public Builder address(String streetAddress, String country) {
            once("address");
            this.streetAddress = Objects.requireNonNull(streetAddress, "streetAddress");
            this.country = Objects.requireNonNull(country, "country");
            return this;
        }

        /** The contact e-mail address; required. */
        public Builder email(String email) {
            once("email");
            this.email = Objects.requireNonNull(email, "email");
            return this;
        }

        /** The contact phone number; required. */
        public Builder phone(String phone) {
            once("phone");
            this.phone = Objects.requireNonNull(phone, "phone");
            return this;
        }

        /** The controller's web address (http or https). */
        public Builder url(String url) {
            once("url");
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Whether the controller acts on behalf of another; defaults to false. */
        public Builder onBehalf(boolean onBehalf) {
            once("onBehalf");
            this.onBehalf = onBehalf;
            return this;
        }

        /** @throws InvalidInputException naming the first missing or invalid field */
        public Controller build() {
            return new Controller(this);
        }
    }
}
