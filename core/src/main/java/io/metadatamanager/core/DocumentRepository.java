package io.metadatamanager.core;

import io.metadatamanager.core.error.StorageUnavailableException;
import io.metadatamanager.core.error.VersionConflictException;
import java.util.Optional;

/**
 * The storage port. The version log is the source of truth: every change appends one immutable version
 * whose number must not exist yet. The head is a projection of the newest version that reads and listings
 * serve; it only ever moves forward, so a lagging head can always be brought up by projecting again.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the engine cannot be reached.
 */
public interface DocumentRepository {

    /** The head of a document, a tombstone included; empty when the document never existed. */
    Optional<DocumentVersion> findHead(TenantId tenant, DocumentId id);

    /** The newest version in the log (strongly consistent); empty when the document never existed. */
    Optional<DocumentVersion> findLatestVersion(TenantId tenant, DocumentId id);

    /**
     * Appends a version to the log.
     *
     * @throws VersionConflictException when that version number exists already
     */
    void append(DocumentVersion version);

    /**
     * Makes {@code version} the head unless the head is already at that version or a newer one. Idempotent,
     * and safe to call with any version in any order.
     */
    void project(DocumentVersion version);

    /**
     * Live heads of a tenant, optionally only those of one page, in a stable order.
     *
     * @param limit the most items to return
     * @param after a position returned by an earlier call with the same tenant and page
     */
    Slice<DocumentVersion> listHeads(TenantId tenant, Optional<String> page, int limit, Optional<String> after);
}
