package io.metadatamanager.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.IdempotencyKeyInUseException;
import io.metadatamanager.core.error.IdempotencyKeyMismatchException;
import io.metadatamanager.core.error.InvalidRequestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates with an {@code Idempotency-Key} (IETF httpapi idempotency-key draft): the same key with the same
 * body within the expiry gives the first result again and creates nothing; the same key with another body
 * is refused (422); a repeat while the first is still running is refused (409). Keys are per tenant.
 */
public final class IdempotentCreates {
    /** The result of a create, and whether it is a replay of an earlier one. */
    public record Outcome(DocumentVersion document, boolean replayed) {}

    /** How long a claimed but unfinished request holds its key. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E&&[^#]]{1,255}");

    private final Documents documents;
    private final DocumentRepository repository;
    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration expiry;

    public IdempotentCreates(Documents documents, DocumentRepository repository, IdempotencyStore store,
            Clock clock, Duration expiry) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
    }

    /**
     * @param key the {@code Idempotency-Key} header value
     * @param rawBody the request body as received, which the key is bound to
     */
    public Outcome create(TenantId tenant, Actor actor, String key, byte[] rawBody, ObjectNode body) {
        if (!KEY.matcher(key).matches()) {
            throw new InvalidRequestException(
                    "Idempotency-Key must be 1 to 255 visible ASCII characters other than #");
        }
        String fingerprint = fingerprint(rawBody);
        Instant now = clock.instant();
        Optional<IdempotencyStore.Entry> held =
                store.claim(tenant, key, fingerprint, now, now.plus(LEASE), now.plus(expiry));
        if (held.isPresent()) {
            IdempotencyStore.Entry entry = held.get();
            if (!entry.fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyMismatchException(
                        "this Idempotency-Key was used with a different request body");
            }
            if (!entry.completed()) {
                throw new IdempotencyKeyInUseException("a request with this Idempotency-Key is still in progress");
            }
            return new Outcome(repository.findVersion(tenant, entry.id(), entry.version())
                    .orElseThrow(() -> new IdempotencyKeyInUseException(
                            "the result of the request with this Idempotency-Key is no longer available")),
                    true);
        }
        DocumentVersion created;
        try {
            created = documents.create(tenant, actor, body);
        } catch (RuntimeException e) {
            try {
                store.release(tenant, key);
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed);
            }
            throw e;
        }
        store.complete(tenant, key, fingerprint, created.id(), created.version(), now.plus(expiry));
        return new Outcome(created, false);
    }

    static String fingerprint(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
