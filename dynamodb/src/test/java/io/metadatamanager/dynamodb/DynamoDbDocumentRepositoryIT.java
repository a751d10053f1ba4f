package io.metadatamanager.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Operation;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.error.StorageUnavailableException;
import io.metadatamanager.core.error.VersionConflictException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The repository against a real dynalite over HTTP, one fresh table per test. */
class DynamoDbDocumentRepositoryIT {
    private static final TenantId ALICE = new TenantId("alice");
    private static final TenantId BOB = new TenantId("bob");
    private static final Actor ACTOR = new Actor("alice", "web");
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private static final DynamoDbClient client = LocalTables.client();
    private final Json json = new Json();
    private DynamoDbDocumentRepository repository;
    private String table;

    @BeforeEach
    void freshTable() {
        table = LocalTables.fresh(client, "it");
        repository = new DynamoDbDocumentRepository(client, table, json);
    }

    private ObjectNode content(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }

    private DocumentVersion version(TenantId tenant, String id, long v, Operation op, String content)
            throws Exception {
        return new DocumentVersion(tenant, new DocumentId(id), v, op, content == null ? null : content(content),
                T0, T0.plusSeconds(v), ACTOR);
    }

    @Test
    void append_thenFindLatestVersion_returnsTheSameVersionExactly() throws Exception {
        DocumentVersion written = version(ALICE, "home", 1, Operation.CREATE,
                "{\"page\":\"homepage\",\"big\":12345678901234567890123,\"tiny\":1e-400,\"text\":\"h\\u00e9 \\ud83d\\ude00\","
                        + "\"nested\":{\"a\":[1,{\"b\":null}]}}");

        repository.append(written);

        assertThat(repository.findLatestVersion(ALICE, new DocumentId("home"))).contains(written);
    }

    @Test
    void findLatestVersion_returnsTheHighestNumber_evenPastTenVersions() throws Exception {
        for (long v = 1; v <= 11; v++) {
            repository.append(version(ALICE, "home", v, v == 1 ? Operation.CREATE : Operation.REPLACE,
                    "{\"n\":" + v + "}"));
        }

        assertThat(repository.findLatestVersion(ALICE, new DocumentId("home")).orElseThrow().version())
                .isEqualTo(11);
    }

    @Test
    void append_anExistingVersionNumber_isAConflict_andKeepsTheFirst() throws Exception {
        repository.append(version(ALICE, "home", 1, Operation.CREATE, "{\"first\":true}"));

        assertThatThrownBy(() -> repository.append(version(ALICE, "home", 1, Operation.CREATE, "{\"first\":false}")))
                .isInstanceOf(VersionConflictException.class);
        assertThat(repository.findLatestVersion(ALICE, new DocumentId("home")).orElseThrow().content().get("first")
                .booleanValue()).isTrue();
    }

    @Test
    void project_onlyMovesTheHeadForward() throws Exception {
        DocumentVersion v1 = version(ALICE, "home", 1, Operation.CREATE, "{\"n\":1}");
        DocumentVersion v2 = version(ALICE, "home", 2, Operation.REPLACE, "{\"n\":2}");

        repository.project(v2);
        repository.project(v1);

        assertThat(repository.findHead(ALICE, new DocumentId("home"))).contains(v2);
    }

    @Test
    void project_ofALateVersion_doesNotResurrectADeletedDocument() throws Exception {
        DocumentVersion v2 = version(ALICE, "home", 2, Operation.REPLACE, "{\"n\":2}");
        DocumentVersion tombstone = version(ALICE, "home", 3, Operation.DELETE, null);

        repository.project(tombstone);
        repository.project(v2);

        assertThat(repository.findHead(ALICE, new DocumentId("home")).orElseThrow().deleted()).isTrue();
        assertThat(repository.listHeads(ALICE, Optional.empty(), 10, Optional.empty()).items()).isEmpty();
    }

    @Test
    void findHead_ofAnotherTenantsDocument_isEmpty() throws Exception {
        repository.project(version(ALICE, "home", 1, Operation.CREATE, "{}"));

        assertThat(repository.findHead(BOB, new DocumentId("home"))).isEmpty();
        assertThat(repository.findLatestVersion(BOB, new DocumentId("home"))).isEmpty();
    }

    @Test
    void listHeads_byPage_matchesThePageExactly_evenWithSeparatorsInIt() throws Exception {
        repository.project(version(ALICE, "a1", 1, Operation.CREATE, "{\"page\":\"a\"}"));
        repository.project(version(ALICE, "a2", 1, Operation.CREATE, "{\"page\":\"a#b\"}"));
        repository.project(version(ALICE, "a3", 1, Operation.CREATE, "{\"page\":\"a%23b\"}"));
        repository.project(version(ALICE, "a4", 1, Operation.CREATE, "{\"page\":\"ab\"}"));
        repository.project(version(ALICE, "a5", 1, Operation.CREATE, "{}"));
        repository.project(version(BOB, "b1", 1, Operation.CREATE, "{\"page\":\"a\"}"));

        assertThat(ids(repository.listHeads(ALICE, Optional.of("a"), 10, Optional.empty()))).containsExactly("a1");
        assertThat(ids(repository.listHeads(ALICE, Optional.of("a#b"), 10, Optional.empty()))).containsExactly("a2");
        assertThat(ids(repository.listHeads(ALICE, Optional.of("a%23b"), 10, Optional.empty())))
                .containsExactly("a3");
        assertThat(ids(repository.listHeads(ALICE, Optional.empty(), 10, Optional.empty())))
                .containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5");
    }

    @Test
    void listHeads_pagesThroughEverything_andTheLastPageHasNoNext() throws Exception {
        for (int i = 0; i < 7; i++) {
            repository.project(version(ALICE, "d" + i, 1, Operation.CREATE, "{\"page\":\"p\"}"));
        }
        List<String> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        int pages = 0;
        do {
            Slice<DocumentVersion> slice = repository.listHeads(ALICE, Optional.of("p"), 3, after);
            seen.addAll(ids(slice));
            after = slice.next();
            pages++;
        } while (after.isPresent());

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("d0", "d1", "d2", "d3", "d4", "d5", "d6");
    }

    @Test
    void listHeads_whenTheLastPageIsFull_saysThereIsNoNext() throws Exception {
        for (int i = 0; i < 4; i++) {
            repository.project(version(ALICE, "d" + i, 1, Operation.CREATE, "{\"page\":\"p\"}"));
        }

        Slice<DocumentVersion> first = repository.listHeads(ALICE, Optional.of("p"), 2, Optional.empty());
        Slice<DocumentVersion> second = repository.listHeads(ALICE, Optional.of("p"), 2, first.next());

        assertThat(ids(second)).containsExactly("d2", "d3");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void aMissingTable_isStorageUnavailable() {
        DynamoDbDocumentRepository missing = new DynamoDbDocumentRepository(client, "no-such-table", json);

        assertThatThrownBy(() -> missing.findHead(ALICE, new DocumentId("x")))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void anUnreachableEngine_isStorageUnavailable() {
        try (DynamoDbClient down = DynamoDbClients.create(Optional.of(URI.create("http://127.0.0.1:1")),
                Region.US_EAST_1, DynamoDbClients.CredentialsSource.LOCAL)) {
            DynamoDbDocumentRepository unreachable = new DynamoDbDocumentRepository(down, table, json);

            assertThatThrownBy(() -> unreachable.findLatestVersion(ALICE, new DocumentId("x")))
                    .isInstanceOf(StorageUnavailableException.class);
        }
    }

    @Test
    void cursorKey_isCreatedOnce_andSharedByEveryInstance() {
        byte[] first = new DynamoDbCursorKey(client, table).get();
        byte[] second = new DynamoDbCursorKey(client, table).get();

        assertThat(first).hasSize(32).isEqualTo(second);
    }

    private static List<String> ids(Slice<DocumentVersion> slice) {
        return slice.items().stream().map(v -> v.id().value()).toList();
    }
}
