package io.metadatamanager.core.error;

/** A create names an id that is already live (409). */
public final class DocumentAlreadyExistsException extends MetadataException {
    public DocumentAlreadyExistsException(String message) {
        super(message);
    }
}
