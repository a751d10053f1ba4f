package io.metadatamanager.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentRepository;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IfMatch;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Maintenance;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.VersionSummary;
import io.metadatamanager.core.error.PreconditionFailedException;
import io.metadatamanager.core.error.StorageUnavailableException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The use cases over the real repository and a real dynalite: concurrency and the crash window. */
class DocumentsOverDynamoDbIT {
    private static final TenantId TENANT = new TenantId("tenant-1");
    private static final Actor ACTOR = new Actor("tenant-1", "it");
    private static final DocumentId ID = new DocumentId("counter");

    private static final DynamoDbClient client = LocalTables.client();
    private final Json json = new Json();
    private DynamoDbDocumentRepository repository;
    private Documents documents;

    @BeforeEach
    void freshTable() {
        String table = LocalTables.fresh(client, "docs");
        repository = new DynamoDbDocumentRepository(client, table, json);
        documents = new Documents(repository, new CursorCodec(() -> new byte[32]), Clock.systemUTC());
    }

    private ObjectNode counter(long n) {
        return json.createObjectNode().put("id", ID.value()).put("count", n);
    }

    @Test
    void sixtyFourWritersWithTheSameIfMatch_exactlyOneWins() throws Exception {
        documents.create(TENANT, ACTOR, counter(0));
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int writer = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        documents.replace(TENANT, ACTOR, ID, IfMatch.parse("\"1\""), counter(100 + writer));
                        won.incrementAndGet();
                    } catch (PreconditionFailedException e) {
                        failed.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        }

        assertThat(won.get()).isEqualTo(1);
        assertThat(failed.get()).isEqualTo(63);
        assertThat(documents.get(TENANT, ID).version()).isEqualTo(2);
    }

    @Test
    void sixtyFourWorkersIncrementingFiftyTimes_loseNoUpdate() throws Exception {
        documents.create(TENANT, ACTOR, counter(0));
        int workers = 64;
        int increments = 50;
        AtomicInteger successes = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
                    for (int i = 0; i < increments; i++) {
                        for (int attempt = 1; ; attempt++) {
                            DocumentVersion current = documents.get(TENANT, ID);
                            long count = current.content().get("count").asLong();
                            try {
                                documents.replace(TENANT, ACTOR, ID, IfMatch.parse(current.etag()), counter(count + 1));
                                successes.incrementAndGet();
                                break;
                            } catch (PreconditionFailedException stale) {
                                // what a well-behaved client does: back off with jitter, then read again
                                Thread.sleep(random.nextLong(0, 1L + Math.min(256, 4L << Math.min(attempt, 8))));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }

        DocumentVersion last = documents.get(TENANT, ID);
        assertThat(successes.get()).isEqualTo(workers * increments);
        assertThat(last.version()).isEqualTo(successes.get() + 1L);
        assertThat(last.content().get("count").asLong()).isEqualTo(workers * increments);
        Set<Long> seen = new HashSet<>();
        Optional<String> cursor = Optional.empty();
        do {
            Slice<VersionSummary> page = documents.history(TENANT, ID, 100, cursor);
            page.items().forEach(v -> assertThat(seen.add(v.version())).isTrue());
            cursor = page.next();
        } while (cursor.isPresent());
        assertThat(seen).hasSize(workers * increments + 1);
        for (long v = 1; v <= workers * increments + 1; v++) {
            assertThat(repository.findVersion(TENANT, ID, v).orElseThrow().content().get("count").asLong())
                    .isEqualTo(v - 1);
        }
    }

    @Test
    void aCrashBetweenVersionAndHead_losesNothing_andIsHealedByTheNextWriteOrRepair() throws Exception {
        // GIVEN a document at version 1 and a repository whose head update fails once
        documents.create(TENANT, ACTOR, counter(1));
        AtomicBoolean failNextProjection = new AtomicBoolean(true);
        DocumentRepository crashing = (DocumentRepository) Proxy.newProxyInstance(
                DocumentRepository.class.getClassLoader(), new Class<?>[] {DocumentRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("project") && failNextProjection.getAndSet(false)) {
                        throw new StorageUnavailableException("injected crash", null);
                    }
                    try {
                        return method.invoke(repository, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Documents crashy = new Documents(crashing, new CursorCodec(() -> new byte[32]), Clock.systemUTC());

        // WHEN a replace writes version 2 but dies before the head
        assertThatThrownBy(() -> crashy.replace(TENANT, ACTOR, ID, IfMatch.parse("\"1\""), counter(2)))
                .isInstanceOf(StorageUnavailableException.class);

        // THEN reads stay consistent (the previous, complete version) and version 2 is in the log
        assertThat(documents.get(TENANT, ID).version()).isEqualTo(1);
        assertThat(repository.findVersion(TENANT, ID, 2)).isPresent();

        // AND the repair routine brings the head up
        Maintenance.Report report = new Maintenance(repository, Clock.systemUTC()).run(Maintenance.Retention.keepAll());
        assertThat(report.repaired()).isEqualTo(1);
        assertThat(documents.get(TENANT, ID).content().get("count").asLong()).isEqualTo(2);
        assertThat(new Maintenance(repository, Clock.systemUTC()).run(Maintenance.Retention.keepAll()).repaired())
                .isZero();
    }

    @Test
    void aStaleWriteAfterACrash_is412_andHealsTheHeadForTheNextRead() throws Exception {
        documents.create(TENANT, ACTOR, counter(1));
        repository.append(new DocumentVersion(TENANT, ID, 2, io.metadatamanager.core.Operation.REPLACE, counter(2)
                .without("id"), documents.get(TENANT, ID).createdAt(), documents.get(TENANT, ID).updatedAt(), ACTOR));

        assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, ID, IfMatch.parse("\"1\""), counter(3)))
                .isInstanceOf(PreconditionFailedException.class);
        DocumentVersion healed = documents.get(TENANT, ID);
        assertThat(healed.version()).isEqualTo(2);
        assertThat(documents.replace(TENANT, ACTOR, ID, IfMatch.parse(healed.etag()), counter(3)).version())
                .isEqualTo(3);
    }

    @Test
    void retention_prunesOldVersions_butNeverTheNewest() throws Exception {
        documents.create(TENANT, ACTOR, counter(0));
        for (int i = 1; i <= 5; i++) {
            documents.replace(TENANT, ACTOR, ID, IfMatch.any(), counter(i));
        }
        documents.delete(TENANT, ACTOR, ID, IfMatch.any());

        Maintenance.Report report = new Maintenance(repository, Clock.systemUTC()).run(
                new Maintenance.Retention(java.util.OptionalInt.of(2), Optional.empty()));

        assertThat(report.pruned()).isEqualTo(5);
        List<Long> left = documents.history(TENANT, ID, 100, Optional.empty()).items().stream()
                .map(VersionSummary::version).toList();
        assertThat(left).containsExactly(7L, 6L);
    }
}
