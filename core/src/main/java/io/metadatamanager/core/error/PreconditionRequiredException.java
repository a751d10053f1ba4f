package io.metadatamanager.core.error;

/** A write came without If-Match (428). */
public final class PreconditionRequiredException extends MetadataException {
    public PreconditionRequiredException(String message) {
        super(message);
    }
}
