package io.metadatamanager.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable version of a document: the unit of the version log, and (for the newest one) the head that
 * reads serve. A deletion is a version too, a tombstone without content.
 *
 * @param tenant the owner
 * @param id the document id
 * @param version 1 on the first create, +1 per change
 * @param operation what produced this version
 * @param content the client's fields without the server-managed ones; {@code null} only for a tombstone. The
 *     node is shared, never modified after construction.
 * @param createdAt when the document was (last) created
 * @param updatedAt when this version was written
 * @param actor who wrote this version
 */
public record DocumentVersion(
        TenantId tenant,
        DocumentId id,
        long version,
        Operation operation,
        ObjectNode content,
        Instant createdAt,
        Instant updatedAt,
        Actor actor) {

    public DocumentVersion {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(actor, "actor");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
        if ((content == null) != (operation == Operation.DELETE)) {
            throw new IllegalArgumentException("a tombstone, and only a tombstone, has no content");
        }
    }

    public boolean deleted() {
        return operation == Operation.DELETE;
    }

    /** The value of the indexed {@code page} field, if the document has one. */
    public Optional<String> page() {
        if (content == null) {
            return Optional.empty();
        }
        JsonNode page = content.get(DocumentFields.PAGE);
        return page != null && page.isTextual() ? Optional.of(page.textValue()) : Optional.empty();
    }

    /** The strong entity tag of this version: {@code "<version>"}. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
