package dev.consent.spring.app;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA repository of owners. */
public interface OwnerRepository extends JpaRepository<Owner, String> {}
