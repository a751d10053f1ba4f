package io.metadatamanager.core;

import io.metadatamanager.core.error.StorageUnavailableException;
import io.metadatamanager.core.error.VersionConflictException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

    /** One version from the log (strongly consistent), a tombstone included. */
    Optional<DocumentVersion> findVersion(TenantId tenant, DocumentId id, long version);

    /**
     * A document's history, newest first.
     *
     * @param after a position returned by an earlier call for the same document
     */
    Slice<VersionSummary> listVersions(TenantId tenant, DocumentId id, int limit, Optional<String> after);

    /** Removes versions from the log (retention). Never called on a document's newest version. */
    void deleteVersions(TenantId tenant, DocumentId id, List<Long> versions);

    /** Visits every document of every tenant: a full pass over the table, for maintenance only. */
    void forEachDocument(Consumer<DocumentRef> visitor);

    /** Visits every version of every document of every tenant, for export: a full pass over the table. */
    void forEachVersion(Consumer<DocumentVersion> visitor);
}
