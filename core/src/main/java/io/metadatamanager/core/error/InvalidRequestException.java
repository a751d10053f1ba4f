package io.metadatamanager.core.error;

/** The request is malformed or breaks a rule of the API (400). */
public final class InvalidRequestException extends MetadataException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
