package dev.consent.examples.springapp;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** The accounts, through Spring Data JPA; its methods join the caller's transaction. */
public interface AccountRepository extends JpaRepository<Account, UUID> {
    /** The account whose unsubscribe link carries {@code token}, if any. */
    Optional<Account> findByUnsubscribeToken(String token);
}
