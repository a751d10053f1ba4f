package io.metadatamanager.core.error;

/** A request with the same idempotency key is still in progress (409). */
public final class IdempotencyKeyInUseException extends MetadataException {
    public IdempotencyKeyInUseException(String message) {
        super(message);
    }
}
