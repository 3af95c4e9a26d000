-- Consent ledger, schema version 4, for MySQL 8.0.17 and later: the events of data-subject requests, and the index
-- retention reads. ${prefix} is the configured table prefix. Applied after V3, by an application's own migration
-- tool; it records its version like V1 does. The table's collation (utf8mb4_0900_bin, as V1's) compares request
-- ids by code point. BOOLEAN is TINYINT(1).

-- The events of data-subject requests (dev.consent.spi.RequestStore, JdbcConsentStore.requestStore()): every
-- transition of a request, append-only, in sequence order from 1 (the RECEIVED event). The library's SQL never
-- updates or deletes a row. Times are epoch milliseconds from the desk's clock. details is the event's details
-- as a JSON object of strings. received_at is the time of the request's RECEIVED event, copied onto each of its
-- events, so the events of the requests received in a period are one range of an index; terminal is whether
-- the event closes the request (COMPLETED, PARTIALLY_COMPLETED, DENIED, IDENTITY_REJECTED). The key is the
-- request and sequence: a writer that lost a race for the next sequence fails on it and writes nothing.
CREATE TABLE ${prefix}request_event (
    request_id VARCHAR(255) NOT NULL,
    event_seq INT NOT NULL,
    event_type VARCHAR(32) NOT NULL,
    recorded_at BIGINT NOT NULL,
    actor_type VARCHAR(32) NOT NULL,
    actor_id VARCHAR(255),
    actor_authority VARCHAR(255),
    details MEDIUMTEXT NOT NULL,
    received_at BIGINT NOT NULL,
    terminal BOOLEAN NOT NULL,
    CONSTRAINT ${prefix}request_event_pk PRIMARY KEY (request_id, event_seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

-- RequestStore.receivedEvents(from, to): the requests received in [from, to), in request and sequence order.
CREATE INDEX ${prefix}request_event_received_ix ON ${prefix}request_event (received_at, request_id, event_seq);

-- RequestStore.openEvents(): the requests that have a terminal event are one range of this index, read to
-- leave them out of the walk of the primary key in request and sequence order.
CREATE INDEX ${prefix}request_event_terminal_ix ON ${prefix}request_event (terminal, request_id);

-- Retention (dev.consent.retention): the records older than a cut-off whose evidence a rule removes, read in
-- position order from the oldest, without a scan of the ledger.
CREATE INDEX ${prefix}record_recorded_ix ON ${prefix}record (recorded_at, position);

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (4, 'requests', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
