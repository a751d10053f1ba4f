package io.metadatamanager.core.error;

/** The If-Match tag does not match the current version (412). */
public final class PreconditionFailedException extends MetadataException {
    public PreconditionFailedException(String message) {
        super(message);
    }
}
