package io.metadatamanager.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.DocumentAlreadyExistsException;
import io.metadatamanager.core.error.DocumentNotFoundException;
import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.error.PreconditionFailedException;
import io.metadatamanager.core.error.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The use cases on render configurations.
 *
 * <p>Writes start from the newest version in the log, not from the head, append the next version with a
 * conditional put (which is what makes concurrent writers safe: exactly one of them gets each number), then
 * project it onto the head. If the process dies between the two writes, the log is ahead of the head by
 * one version; the next write to the document (or the repair routine) projects it, and reads meanwhile serve
 * the previous, complete version.
 */
public final class Documents {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final DocumentRepository repository;
    private final CursorCodec cursors;
    private final Clock clock;

    public Documents(DocumentRepository repository, CursorCodec cursors, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates a document; the id comes from the body or is generated. */
    public DocumentVersion create(TenantId tenant, Actor actor, ObjectNode body) {
        DocumentId requested = DocumentFields.requestedId(body);
        DocumentId id = requested != null ? requested : DocumentId.random();
        ObjectNode content = DocumentFields.content(body, null);
        Optional<DocumentVersion> latest = repository.findLatestVersion(tenant, id);
        if (latest.isPresent() && !latest.get().deleted()) {
            repository.project(latest.get());
            throw new DocumentAlreadyExistsException("a document with this id exists already");
        }
        // A re-created document continues the log of the deleted one, so it must not predate its tombstone.
        Instant now = latest.map(v -> later(now(), v.updatedAt())).orElseGet(this::now);
        long next = latest.map(v -> v.version() + 1).orElse(1L);
        DocumentVersion created = new DocumentVersion(tenant, id, next, Operation.CREATE, content, now, now, actor);
        try {
            repository.append(created);
        } catch (VersionConflictException e) {
            throw new DocumentAlreadyExistsException("a document with this id exists already");
        }
        repository.project(created);
        return created;
    }

    /** The current version of a live document. */
    public DocumentVersion get(TenantId tenant, DocumentId id) {
        return repository.findHead(tenant, id).filter(v -> !v.deleted()).orElseThrow(Documents::notFound);
    }

    /** Replaces the content of a live document. */
    public DocumentVersion replace(TenantId tenant, Actor actor, DocumentId id, IfMatch ifMatch, ObjectNode body) {
        DocumentVersion current = currentForWrite(tenant, id, ifMatch);
        ObjectNode content = DocumentFields.content(body, id);
        return write(current, Operation.REPLACE, content, actor);
    }

    /** Applies a JSON Merge Patch (RFC 7396) to a live document. */
    public DocumentVersion patch(TenantId tenant, Actor actor, DocumentId id, IfMatch ifMatch, JsonNode patch) {
        if (!patch.isObject()) {
            throw new InvalidRequestException("a merge patch for a document must be a JSON object");
        }
        DocumentVersion current = currentForWrite(tenant, id, ifMatch);
        ObjectNode changes = DocumentFields.content((ObjectNode) patch, id);
        ObjectNode content = (ObjectNode) JsonMergePatch.apply(current.content(), changes);
        DocumentFields.checkTypes(content);
        return write(current, Operation.PATCH, content, actor);
    }

    /** Deletes a live document: appends a tombstone. */
    public DocumentVersion delete(TenantId tenant, Actor actor, DocumentId id, IfMatch ifMatch) {
        DocumentVersion current = currentForWrite(tenant, id, ifMatch);
        return write(current, Operation.DELETE, null, actor);
    }

    /**
     * A page of the tenant's live documents, optionally only those whose {@code page} field equals
     * {@code page}.
     *
     * @param cursor a cursor returned by an earlier call with the same tenant and page
     */
    public Slice<DocumentVersion> list(TenantId tenant, Optional<String> page, int limit, Optional<String> cursor) {
        checkLimit(limit);
        String query = page.map(p -> "page:" + p).orElse("all");
        Optional<String> after = cursor.map(c -> cursors.open(c, tenant, query));
        Slice<DocumentVersion> slice = repository.listHeads(tenant, page, limit, after);
        return new Slice<>(slice.items(), slice.next().map(p -> cursors.seal(p, tenant, query)));
    }

    /** A document's history, newest first; readable after deletion too. */
    public Slice<VersionSummary> history(TenantId tenant, DocumentId id, int limit, Optional<String> cursor) {
        checkLimit(limit);
        String query = "versions:" + id.value();
        Optional<String> after = cursor.map(c -> cursors.open(c, tenant, query));
        Slice<VersionSummary> slice = repository.listVersions(tenant, id, limit, after);
        if (slice.items().isEmpty() && after.isEmpty()) {
            throw notFound();
        }
        return new Slice<>(slice.items(), slice.next().map(p -> cursors.seal(p, tenant, query)));
    }

    /** One version's document; a deletion has none. */
    public DocumentVersion version(TenantId tenant, DocumentId id, long version) {
        DocumentVersion found = repository.findVersion(tenant, id, version)
                .orElseThrow(() -> new DocumentNotFoundException("no such version of this document"));
        if (found.deleted()) {
            throw new DocumentNotFoundException("version " + version + " is a deletion and has no content");
        }
        return found;
    }

    /**
     * Makes the content of {@code version} the document's content again, as a new version. Works on a
     * deleted document too (undelete); history is never rewritten.
     */
    public DocumentVersion restore(TenantId tenant, Actor actor, DocumentId id, long version, IfMatch ifMatch) {
        DocumentVersion current = repository.findLatestVersion(tenant, id).orElseThrow(Documents::notFound);
        DocumentVersion source = version(tenant, id, version);
        checkPrecondition(current, ifMatch);
        return write(current, Operation.RESTORE, source.content(), actor);
    }

    /** A JSON Patch (RFC 6902) from the content of version {@code from} to that of version {@code to}. */
    public JsonNode diff(TenantId tenant, DocumentId id, long from, long to) {
        DocumentVersion a = version(tenant, id, from);
        DocumentVersion b = version(tenant, id, to);
        return JsonDiff.diff(a.content(), b.content());
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    private DocumentVersion currentForWrite(TenantId tenant, DocumentId id, IfMatch ifMatch) {
        DocumentVersion current = repository.findLatestVersion(tenant, id).orElseThrow(Documents::notFound);
        if (current.deleted()) {
            repository.project(current);
            throw notFound();
        }
        checkPrecondition(current, ifMatch);
        return current;
    }

    /** Checks {@code If-Match} against the newest logged version. */
    private void checkPrecondition(DocumentVersion current, IfMatch ifMatch) {
        if (!ifMatch.matches(current) && ifMatch.namesTags()) {
            // The caller may have read a head that lags the log; bring it up so that a fresh read agrees.
            repository.project(current);
        }
        ifMatch.check(current);
    }

    private DocumentVersion write(DocumentVersion current, Operation operation, ObjectNode content, Actor actor) {
        DocumentVersion next = new DocumentVersion(
                current.tenant(),
                current.id(),
                current.version() + 1,
                operation,
                content,
                current.createdAt(),
                later(now(), current.updatedAt()),
                actor);
        try {
            repository.append(next);
        } catch (VersionConflictException e) {
            // The winner projects its version; should it die first, the next stale write heals the head.
            throw new PreconditionFailedException("the document was changed concurrently; read it again");
        }
        repository.project(next);
        return next;
    }

    /** Clocks of different instances may disagree; a version is never older than the one before. */
    private static Instant later(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    private Instant now() {
        return DocumentFields.truncate(clock.instant());
    }

    private static DocumentNotFoundException notFound() {
        return new DocumentNotFoundException("no document with this id");
    }
}
