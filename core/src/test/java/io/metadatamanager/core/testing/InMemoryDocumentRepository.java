package io.metadatamanager.core.testing;

import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentRef;
import io.metadatamanager.core.VersionSummary;
import io.metadatamanager.core.DocumentRepository;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.error.VersionConflictException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link DocumentRepository} in memory, with the same contract as the DynamoDB one, for unit tests. */
public final class InMemoryDocumentRepository implements DocumentRepository {
    private record Key(TenantId tenant, DocumentId id) {}

    private final Map<Key, NavigableMap<Long, DocumentVersion>> logs = new ConcurrentHashMap<>();
    private final Map<Key, DocumentVersion> heads = new ConcurrentHashMap<>();
    private volatile boolean failProjections;

    /** From now on, {@link #project} does nothing: simulates a crash between the two writes. */
    public void failProjections(boolean fail) {
        this.failProjections = fail;
    }

    @Override
    public Optional<DocumentVersion> findHead(TenantId tenant, DocumentId id) {
        return Optional.ofNullable(heads.get(new Key(tenant, id)));
    }

    @Override
    public synchronized Optional<DocumentVersion> findLatestVersion(TenantId tenant, DocumentId id) {
        NavigableMap<Long, DocumentVersion> log = logs.get(new Key(tenant, id));
        return log == null || log.isEmpty() ? Optional.empty() : Optional.of(log.lastEntry().getValue());
    }

    @Override
    public synchronized void append(DocumentVersion version) {
        NavigableMap<Long, DocumentVersion> log =
                logs.computeIfAbsent(new Key(version.tenant(), version.id()), k -> new TreeMap<>());
        if (log.putIfAbsent(version.version(), version) != null) {
            throw new VersionConflictException();
        }
    }

    @Override
    public synchronized void project(DocumentVersion version) {
        if (failProjections) {
            return;
        }
        heads.merge(new Key(version.tenant(), version.id()), version,
                (old, proposed) -> proposed.version() > old.version() ? proposed : old);
    }

    @Override
    public synchronized Slice<DocumentVersion> listHeads(
            TenantId tenant, Optional<String> page, int limit, Optional<String> after) {
        List<DocumentVersion> live = new ArrayList<>();
        for (DocumentVersion head : heads.values()) {
            if (head.tenant().equals(tenant) && !head.deleted()
                    && (page.isEmpty() || page.equals(head.page()))) {
                live.add(head);
            }
        }
        live.sort(Comparator.comparing(v -> v.id().value()));
        List<DocumentVersion> out = new ArrayList<>();
        for (DocumentVersion head : live) {
            if (after.isPresent() && head.id().value().compareTo(after.get()) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                return new Slice<>(out, Optional.of(out.getLast().id().value()));
            }
            out.add(head);
        }
        return new Slice<>(out, Optional.empty());
    }

    @Override
    public synchronized Optional<DocumentVersion> findVersion(TenantId tenant, DocumentId id, long version) {
        NavigableMap<Long, DocumentVersion> log = logs.get(new Key(tenant, id));
        return log == null ? Optional.empty() : Optional.ofNullable(log.get(version));
    }

    @Override
    public synchronized Slice<VersionSummary> listVersions(
            TenantId tenant, DocumentId id, int limit, Optional<String> after) {
        NavigableMap<Long, DocumentVersion> log = logs.getOrDefault(new Key(tenant, id), new TreeMap<>());
        List<VersionSummary> out = new ArrayList<>();
        for (DocumentVersion v : log.descendingMap().values()) {
            if (after.isPresent() && v.version() >= Long.parseLong(after.get())) {
                continue;
            }
            if (out.size() == limit) {
                return new Slice<>(out, Optional.of(Long.toString(out.getLast().version())));
            }
            long size = v.content() == null ? 0 : v.content().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            out.add(new VersionSummary(v.version(), v.operation(), v.updatedAt(), v.actor(), size));
        }
        return new Slice<>(out, Optional.empty());
    }

    @Override
    public synchronized void deleteVersions(TenantId tenant, DocumentId id, List<Long> versions) {
        NavigableMap<Long, DocumentVersion> log = logs.get(new Key(tenant, id));
        if (log != null) {
            versions.forEach(log::remove);
        }
    }

    @Override
    public synchronized void forEachDocument(Consumer<DocumentRef> visitor) {
        java.util.Set<Key> keys = new java.util.HashSet<>(logs.keySet());
        keys.addAll(heads.keySet());
        for (Key key : keys) {
            DocumentVersion head = heads.get(key);
            List<DocumentRef.Logged> logged = new ArrayList<>();
            logs.getOrDefault(key, new TreeMap<>()).values()
                    .forEach(v -> logged.add(new DocumentRef.Logged(v.version(), v.updatedAt())));
            visitor.accept(new DocumentRef(key.tenant(), key.id(),
                    head == null ? OptionalLong.empty() : OptionalLong.of(head.version()), logged));
        }
    }

    @Override
    public synchronized void forEachVersion(Consumer<DocumentVersion> visitor) {
        logs.values().forEach(log -> log.values().forEach(visitor));
    }

    /** Removes a head only, leaving its log: simulates a head lost or never written. */
    public synchronized void dropHead(TenantId tenant, DocumentId id) {
        heads.remove(new Key(tenant, id));
    }
}
