package io.metadatamanager.core.error;

/**
 * Base of the failures the API reports to its caller. Messages are safe to show: they never carry document
 * bodies, tokens or other tenants' data. Expected failures skip the stack trace, which nobody reads.
 */
public abstract sealed class MetadataException extends RuntimeException
        permits InvalidRequestException,
                DocumentNotFoundException,
                DocumentAlreadyExistsException,
                PreconditionFailedException,
                PreconditionRequiredException,
                IdempotencyKeyInUseException,
                IdempotencyKeyMismatchException,
                StorageUnavailableException {

    protected MetadataException(String message) {
        super(message, null, false, false);
    }

    protected MetadataException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
