package io.metadatamanager.core.error;

/**
 * Raised by a repository when the version it was asked to append exists already: another writer got there
 * first. The use cases translate it into the caller's failure (409 or 412).
 */
public final class VersionConflictException extends RuntimeException {
    public VersionConflictException() {
        super("version exists already", null, false, false);
    }
}
