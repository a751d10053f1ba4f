package io.metadatamanager.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a document's history, without its content.
 *
 * @param version the version number
 * @param operation what produced it
 * @param updatedAt when it was written
 * @param actor who wrote it
 * @param size the size of its content in bytes (0 for a deletion)
 */
public record VersionSummary(long version, Operation operation, Instant updatedAt, Actor actor, long size) {
    public VersionSummary {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(actor, "actor");
    }
}
