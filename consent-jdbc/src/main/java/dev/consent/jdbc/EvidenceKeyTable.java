package dev.consent.jdbc;

import dev.consent.spi.EvidenceKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * Where the store finds the data keys of evidence ({@link EvidenceKeys}) inside its own transactions: by default
 * the table {@code <prefix>evidence_key}, one row per subject with 32 random bytes that the database itself makes
 * (so a key never travels in a statement, and a server's statement log never shows one), locked by the append
 * that uses them, deleted in the erasure's transaction; or the application's own {@link EvidenceKeys} (a key
 * management service), asked for whole batches and told to destroy after the erasure commits.
 *
 * <p>With a master key the data key is HMAC-SHA256(master key, subject, stored bytes): the database alone, and
 * every copy of it, then holds nothing that opens evidence.
 */
final class EvidenceKeyTable {
    private static final byte[] LABEL = "consent evidence key v1".getBytes(StandardCharsets.UTF_8);

    private final Dialect dialect;
    private final Statements statements;
    private final String table;
    private final @Nullable EvidenceKeys external;
    private final @Nullable SecretKey master;

    EvidenceKeyTable(
            Dialect dialect,
            Statements statements,
            String prefix,
            @Nullable EvidenceKeys external,
            @Nullable SecretKey master) {
        this.dialect = dialect;
        this.statements = statements;
        this.table = prefix + "evidence_key";
        this.external = external;
        this.master = master;
    }

    /** The key table's name. */
    String table() {
        return table;
    }

    /** Whether the keys live in the application's {@link EvidenceKeys} rather than in the key table. */
    boolean external() {
        return external != null;
    }

    /** The subjects' keys, made where missing; the rows stay locked until the transaction ends. */
    Map<String, SecretKey> obtain(Handle h, Collection<String> subjects) {
        if (external != null) {
            return external.obtain(subjects);
        }
        Map<String, byte[]> made = dialect == Dialect.POSTGRESQL ? insertMissing(h, subjects) : Map.of();
        List<String> others = made.isEmpty()
                ? List.copyOf(subjects)
                : subjects.stream().filter(s -> !made.containsKey(s)).toList();
        Map<String, byte[]> shares = shares(h, others, true);
        shares.putAll(made);
        List<String> missing =
                subjects.stream().filter(s -> !shares.containsKey(s)).distinct().toList();
        if (!missing.isEmpty()) {
            PreparedBatch insert = statements.batch(
                    h,
                    "INSERT INTO " + table + " (subject, key_share, created_at) VALUES (:subject, " + randomBytes()
                            + ", :at)");
            long now = System.currentTimeMillis();
            for (String s : missing) {
                insert.bind("subject", s).bind("at", now).add();
            }
            insert.execute();
            shares.putAll(shares(h, missing, false));
        }
        return keys(shares);
    }

    /**
     * On PostgreSQL, the keys of the subjects that have none, made in one statement (a batch of new subjects, as an
     * import writes, is one round trip instead of a lookup, a batch of inserts and a second lookup); the new rows
     * stay locked until the transaction ends. Subjects that have a key are not answered here.
     */
    private Map<String, byte[]> insertMissing(Handle h, Collection<String> subjects) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String[] distinct = new java.util.LinkedHashSet<>(subjects).toArray(String[]::new);
        java.sql.Connection c = h.getConnection();
        try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (subject, key_share, created_at) SELECT s, " + randomBytes() + ", ? FROM unnest(?::text[]) AS s"
                + " ON CONFLICT (subject) DO NOTHING RETURNING subject, key_share")) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            ps.setLong(1, System.currentTimeMillis());
            ps.setArray(2, c.createArrayOf("text", distinct));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBytes(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
        return out;
    }

    /** The keys the subjects have. */
    Map<String, SecretKey> find(Handle h, Collection<String> subjects) {
        if (external != null) {
            return external.find(subjects);
        }
        return keys(shares(h, subjects, false));
    }

    /**
     * Deletes the subjects' rows of the key table, in the caller's transaction; an external key store is told by
     * {@link #destroyAfterCommit} instead.
     */
    void destroy(Handle h, Collection<String> subjects) {
        if (external != null || subjects.isEmpty()) {
            return;
        }
        statements
                .update(h, "DELETE FROM " + table + " WHERE subject IN (<subjects>)")
                .bindList("subjects", List.copyOf(subjects))
                .execute();
    }

    /** Destroys the subjects' keys in the external key store, once the erasure has committed. */
    void destroyAfterCommit(Collection<String> subjects) {
        if (external != null && !subjects.isEmpty()) {
            external.destroy(subjects);
        }
    }

    private Map<String, byte[]> shares(Handle h, Collection<String> subjects, boolean lock) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (subjects.isEmpty()) {
            return out;
        }
        statements
                .query(
                        h,
                        "SELECT subject, key_share FROM " + table + " WHERE subject IN (<subjects>)"
                                + (lock ? " FOR UPDATE" : ""))
                .bindList("subjects", List.copyOf(subjects))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, SecretKey> keys(Map<String, byte[]> shares) {
        Map<String, SecretKey> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : shares.entrySet()) {
            out.put(e.getKey(), new SecretKeySpec(derive(e.getKey(), e.getValue()), "AES"));
            java.util.Arrays.fill(e.getValue(), (byte) 0);
        }
        return out;
    }

    private byte[] derive(String subject, byte[] share) {
        if (master == null) {
            return share.clone();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(master);
            mac.update(LABEL);
            mac.update((byte) 0);
            mac.update(subject.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(share);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the evidence master key cannot derive keys", e);
        }
    }

    /** 32 bytes from the database's strong random source, as an SQL expression. */
    private String randomBytes() {
        return switch (dialect) {
            case H2 -> "SECURE_RAND(32)";
            // sha256 of three version-4 UUIDs (366 random bits from pg_strong_random): 32 bytes without pgcrypto
            case POSTGRESQL ->
                "sha256(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text"
                        + " || gen_random_uuid()::text, '-', ''), 'hex'))";
            case MARIADB -> "RANDOM_BYTES(32)";
        };
    }
}
