package io.metadatamanager.core.testing;

import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.IdempotencyStore;
import io.metadatamanager.core.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An {@link IdempotencyStore} in memory, with the same expiry and lease rules as the DynamoDB one. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Key(TenantId tenant, String key) {}

    private record Held(Entry entry, Instant leaseUntil, Instant expiresAt) {}

    private final Map<Key, Held> held = new HashMap<>();

    @Override
    public synchronized Optional<Entry> claim(TenantId tenant, String key, String fingerprint, Instant now,
            Instant leaseUntil, Instant expiresAt) {
        Held existing = held.get(new Key(tenant, key));
        if (existing != null && !existing.expiresAt().isBefore(now)
                && (existing.entry().completed() || !existing.leaseUntil().isBefore(now))) {
            return Optional.of(existing.entry());
        }
        held.put(new Key(tenant, key), new Held(new Entry(fingerprint, false, null, 0), leaseUntil, expiresAt));
        return Optional.empty();
    }

    @Override
    public synchronized void complete(TenantId tenant, String key, String fingerprint, DocumentId id, long version,
            Instant expiresAt) {
        held.put(new Key(tenant, key), new Held(new Entry(fingerprint, true, id, version), expiresAt, expiresAt));
    }

    @Override
    public synchronized void release(TenantId tenant, String key) {
        Held existing = held.get(new Key(tenant, key));
        if (existing != null && !existing.entry().completed()) {
            held.remove(new Key(tenant, key));
        }
    }
}
