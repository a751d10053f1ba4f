package io.metadatamanager.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What maintenance needs to know of one document without reading its content: the head's version and the
 * versions in the log.
 *
 * @param tenant the owner
 * @param id the document
 * @param headVersion the head's version, empty when there is no head
 * @param versions the logged versions, oldest first
 */
public record DocumentRef(TenantId tenant, DocumentId id, OptionalLong headVersion, List<Logged> versions) {
    /** A logged version's number and time. */
    public record Logged(long version, Instant updatedAt) {}

    public DocumentRef {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(headVersion, "headVersion");
        versions = List.copyOf(versions);
    }
}
