package dev.consent.examples.springapp;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A person's account: the application's own row, written in the same transaction as the consent records of the
 * sign-up. Its id, as text, is the subject id in the consent ledger. The unsubscribe token is random and stored
 * here, so the link in a newsletter e-mail names neither the account id nor the address. Mutable, as JPA
 * entities are; not thread-safe.
 */
@Entity
@Table(name = "example_account")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private @Nullable UUID id;

    @Column(nullable = false, length = 100)
    private String name = "";

    /** Unique: the constraint that a second sign-up with the same address breaks, at flush. */
    @Column(nullable = false, unique = true, length = 254)
    private String email = "";

    @Column(nullable = false, unique = true, length = 64)
    private String unsubscribeToken = "";

    @Column(nullable = false)
    private Instant createdAt = Instant.EPOCH;

    /** For JPA. */
    protected Account() {}

    /**
     * A new account; its id is generated when it is persisted.
     *
     * @param name the person's name
     * @param email the e-mail address, normalised
     * @param unsubscribeToken a random, unguessable token for the newsletter's unsubscribe link
     * @param createdAt when the person signed up
     */
    public Account(String name, String email, String unsubscribeToken, Instant createdAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.email = Objects.requireNonNull(email, "email");
        this.unsubscribeToken = Objects.requireNonNull(unsubscribeToken, "unsubscribeToken");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * The id, generated when the account is persisted.
     *
     * @throws IllegalStateException before that
     */
    public UUID id() {
        if (id == null) {
            throw new IllegalStateException("the account has no id before it is persisted");
        }
        return id;
    }

    /** The subject id of the account's consent records: its id as text. */
    public String subject() {
        return id().toString();
    }

    /** The person's name. */
    public String name() {
        return name;
    }

    /** The e-mail address. */
    public String email() {
        return email;
    }

    /** The token of the newsletter's unsubscribe link. */
    public String unsubscribeToken() {
        return unsubscribeToken;
    }

    /** When the person signed up. */
    public Instant createdAt() {
        return createdAt;
    }
}
