package io.metadatamanager.core.error;

/** An idempotency key was reused with a different request body (422). */
public final class IdempotencyKeyMismatchException extends MetadataException {
    public IdempotencyKeyMismatchException(String message) {
        super(message);
    }
}
