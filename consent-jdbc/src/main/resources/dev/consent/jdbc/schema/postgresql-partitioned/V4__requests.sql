-- Consent ledger, schema version 4, for PostgreSQL 12 and later, subject-partitioned variant (see V1): the
-- events of data-subject requests, the same as ../postgresql/V4__requests.sql. ${prefix} is the configured table
-- prefix. Applied after V3, by SchemaMode.MIGRATE with partitionedBySubject() or by an application's own
-- migration tool; it records its version like V1 does.

-- Not partitioned, like the purposes and the relays' tables: the table is not per subject (its key is the
-- request id; the subject is only a detail of the RECEIVED event, and one person's requests have different ids),
-- so hashing it by request_id would place no row beside its subject's records, and a distributed engine gains
-- nothing from spreading it. It stays small (requests are rare next to consent records: a few events each), and
-- two of its three reads span all requests (the open ones, those received in a period), which one table answers
-- with one index range where 8 partitions would answer with 8 merged ones. A distributed engine keeps it as an
-- ordinary (local or reference) table.

-- request_id is compared in the "C" collation (by code point), so the requests come in the same order on every
-- server, whatever the database's default collation, and as the other dialects and the in-memory store give them.

-- The events of data-subject requests (dev.consent.spi.RequestStore, JdbcConsentStore.requestStore()): every
-- transition of a request, append-only, in sequence order from 1 (the RECEIVED event). The library's SQL never
-- updates or deletes a row. Times are epoch milliseconds from the desk's clock. details is the event's details
-- as a JSON object of strings. received_at is the time of the request's RECEIVED event, copied onto each of its
-- events, so the events of the requests received in a period are one range of an index; terminal is whether
-- the event closes the request (COMPLETED, PARTIALLY_COMPLETED, DENIED, IDENTITY_REJECTED). The key is the
-- request and sequence: a writer that lost a race for the next sequence fails on it and writes nothing.
CREATE TABLE ${prefix}request_event (
    request_id VARCHAR(255) COLLATE "C" NOT NULL,
    event_seq INT NOT NULL,
    event_type VARCHAR(32) NOT NULL,
    recorded_at BIGINT NOT NULL,
    actor_type VARCHAR(32) NOT NULL,
    actor_id VARCHAR(255),
    actor_authority VARCHAR(255),
    details TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    terminal BOOLEAN NOT NULL,
    CONSTRAINT ${prefix}request_event_pk PRIMARY KEY (request_id, event_seq)
);

-- RequestStore.receivedEvents(from, to): the requests received in [from, to), in request and sequence order.
CREATE INDEX ${prefix}request_event_received_ix ON ${prefix}request_event (received_at, request_id, event_seq);

-- RequestStore.openEvents(): the requests that have a terminal event are one range of this index, read to
-- leave them out of the walk of the primary key in request and sequence order.
CREATE INDEX ${prefix}request_event_terminal_ix ON ${prefix}request_event (terminal, request_id);

-- Retention (dev.consent.retention): the records older than a cut-off whose evidence a rule removes, read in
-- position order from the oldest, without a scan of the ledger.
CREATE INDEX ${prefix}record_recorded_ix ON ${prefix}record (recorded_at, position);

-- ConsentStore.readRecord: a record by its id alone. The unique key of V1 leads with the subject (a partitioned
-- table's keys must include the partition key), so it cannot answer this; the other layouts' unique key on
-- record_id does. One index per partition: a lookup probes each partition's index once.
CREATE INDEX ${prefix}record_id_ix ON ${prefix}record (record_id);

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (4, 'requests', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
