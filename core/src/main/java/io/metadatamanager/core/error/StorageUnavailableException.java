package io.metadatamanager.core.error;

/** The storage engine cannot be reached or is throttling us (503, the caller may retry). */
public final class StorageUnavailableException extends MetadataException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
