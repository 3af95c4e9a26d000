package dev.consent.spring.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An application's own entity, saved in the same transaction as a consent. */
@Entity
@Table(name = "consent_spring_test_owner")
public class Owner {
    @Id
    private String id;

    protected Owner() {}

    public Owner(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }
}
