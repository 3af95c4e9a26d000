package dev.consent.spi;

import java.util.Collection;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Where the per-subject data keys of evidence at rest live. A store seals each piece of evidence with AES-GCM
 * ({@link EvidenceSeal}) under its subject's data key before it writes it, and erasure destroys the key: every
 * copy of the sealed evidence (a database's dead rows, its write-ahead log, a replica, a backup, a statement log)
 * is then unreadable, as long as no copy of the key survives. Where the keys live therefore decides how final an
 * erasure is: keys kept by a key management service or a secrets store, outside the database and its backups,
 * make it final at once; the stores' defaults keep them beside the evidence and say what cleanup finishes the job
 * (see docs/evidence-at-rest.md).
 *
 * <p>The methods take many subjects so that an implementation over a remote service can answer a batch in one
 * call. Implementations must be thread-safe. A key handed out is an AES key of 128, 192 or 256 bits whose
 * {@link SecretKey#getEncoded()} gives its bytes.
 */
public interface EvidenceKeys {

    /**
     * The data key of each subject, creating a fresh random one for each subject that has none. Two concurrent
     * calls for the same new subject must end with one key: the one both return.
     *
     * @param subjects the subjects, at least one
     * @return a key for every subject asked
     * @throws dev.consent.StoreUnavailableException if the keys cannot be reached
     */
    Map<String, SecretKey> obtain(Collection<String> subjects);

    /**
     * The data keys the subjects have; a subject without a key (never given one, or destroyed) is absent.
     *
     * @param subjects the subjects
     * @return the keys found, by subject
     * @throws dev.consent.StoreUnavailableException if the keys cannot be reached
     */
    Map<String, SecretKey> find(Collection<String> subjects);

    /**
     * Destroys the data keys of the subjects, for good: no later call finds them. Idempotent: a subject without
     * a key is skipped.
     *
     * @param subjects the subjects
     * @throws dev.consent.StoreUnavailableException if the keys cannot be reached; then a retry destroys them
     */
    void destroy(Collection<String> subjects);

    /**
     * Keys held in this process only, in a concurrent map: what the in-memory store uses. Destroying a key
     * overwrites its bytes.
     */
    static EvidenceKeys inMemory() {
        return new InMemoryEvidenceKeys();
    }
}
