package io.metadatamanager.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Where idempotency keys are remembered. Records carry an expiry and are treated as absent once it has
 * passed, whether or not the engine has removed them yet.
 */
public interface IdempotencyStore {

    /**
     * A remembered key.
     *
     * @param fingerprint the hash of the request the key was first used with
     * @param completed whether that request finished
     * @param id the document it created, when completed
     * @param version the version it created, when completed
     */
    record Entry(String fingerprint, boolean completed, DocumentId id, long version) {}

    /**
     * Claims {@code key} for a request, unless a live record holds it.
     *
     * @param leaseUntil until when an unfinished claim blocks others (after that a crashed request's key is
     *     free again)
     * @return empty when the key is now ours; otherwise the record that holds it
     */
    Optional<Entry> claim(TenantId tenant, String key, String fingerprint, Instant now, Instant leaseUntil,
            Instant expiresAt);

    /** Records that the claimed request created {@code id} at {@code version}. */
    void complete(TenantId tenant, String key, String fingerprint, DocumentId id, long version, Instant expiresAt);

    /** Gives a claimed key up, so that the request can be retried with it. */
    void release(TenantId tenant, String key);
}
