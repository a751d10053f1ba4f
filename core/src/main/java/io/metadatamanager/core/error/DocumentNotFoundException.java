package io.metadatamanager.core.error;

/** No live document with that id for this tenant (404). */
public final class DocumentNotFoundException extends MetadataException {
    public DocumentNotFoundException(String message) {
        super(message);
    }
}
