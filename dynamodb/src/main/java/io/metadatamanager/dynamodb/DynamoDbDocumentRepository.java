package io.metadatamanager.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.DocumentFields;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentRef;
import io.metadatamanager.core.DocumentRepository;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Operation;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.VersionSummary;
import io.metadatamanager.core.error.VersionConflictException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The single-table repository: version items and head items in one partition per document, a sparse
 * tenant index (GSI1) over live heads for listings. Uses only GetItem, Query and single-item conditional
 * PutItem, so it runs on DynamoDB and on compatible engines alike.
 */
public final class DynamoDbDocumentRepository implements DocumentRepository {
    private static final String ID = "id";
    private static final String VERSION = "v";
    private static final String OPERATION = "op";
    private static final String DOCUMENT = "doc";
    private static final String CREATED_AT = "createdAt";
    private static final String UPDATED_AT = "updatedAt";
    private static final String ACTOR = "actor";
    private static final String CLIENT = "client";
    private static final String SIZE = "size";

    private static final String APPEND_CONDITION = "attribute_not_exists(#pk)";
    private static final String PROJECT_CONDITION = "attribute_not_exists(#pk) OR #v < :v";

    private final DynamoDbClient client;
    private final String tableName;
    private final Json json;

    public DynamoDbDocumentRepository(DynamoDbClient client, String tableName, Json json) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public Optional<DocumentVersion> findHead(TenantId tenant, DocumentId id) {
        GetItemResponse response = call(() -> client.getItem(b -> b
                .tableName(tableName)
                .key(key(TableLayout.documentPk(tenant, id), TableLayout.HEAD_SK))
                .consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromItem(tenant, response.item()))
                : Optional.empty();
    }

    @Override
    public Optional<DocumentVersion> findLatestVersion(TenantId tenant, DocumentId id) {
        QueryResponse response = call(() -> client.query(b -> b
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", TableLayout.PK, "#sk", TableLayout.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", s(TableLayout.documentPk(tenant, id)),
                        ":prefix", s(TableLayout.VERSION_PREFIX)))
                .scanIndexForward(false)
                .limit(1)
                .consistentRead(true)));
        return response.items().isEmpty()
                ? Optional.empty()
                : Optional.of(fromItem(tenant, response.items().getFirst()));
    }

    @Override
    public void append(DocumentVersion version) {
        Map<String, AttributeValue> item = toItem(version);
        item.putAll(key(TableLayout.documentPk(version.tenant(), version.id()),
                TableLayout.versionSk(version.version())));
        try {
            call(() -> client.putItem(b -> b
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression(APPEND_CONDITION)
                    .expressionAttributeNames(Map.of("#pk", TableLayout.PK))));
        } catch (ConditionalCheckFailedException e) {
            throw new VersionConflictException();
        }
    }

    @Override
    public void project(DocumentVersion version) {
        Map<String, AttributeValue> item = toItem(version);
        item.putAll(key(TableLayout.documentPk(version.tenant(), version.id()), TableLayout.HEAD_SK));
        if (!version.deleted()) {
            item.put(TableLayout.GSI1_PK, s(TableLayout.tenantIndexPk(version.tenant())));
            item.put(TableLayout.GSI1_SK, s(TableLayout.tenantIndexSk(version.page(), version.id())));
        }
        try {
            call(() -> client.putItem(b -> b
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression(PROJECT_CONDITION)
                    .expressionAttributeNames(Map.of("#pk", TableLayout.PK, "#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", n(version.version())))));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // the head is at this version or a newer one
        }
    }

    @Override
    public Slice<DocumentVersion> listHeads(
            TenantId tenant, Optional<String> page, int limit, Optional<String> after) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .indexName(TableLayout.GSI1)
                .limit(limit + 1); // one more than asked, to know whether another page follows
        if (page.isPresent()) {
            query.keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", TableLayout.GSI1_PK, "#sk", TableLayout.GSI1_SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", s(TableLayout.tenantIndexPk(tenant)),
                            ":prefix", s(TableLayout.pagePrefix(page.get()))));
        } else {
            query.keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", TableLayout.GSI1_PK))
                    .expressionAttributeValues(Map.of(":pk", s(TableLayout.tenantIndexPk(tenant))));
        }
        after.ifPresent(position -> query.exclusiveStartKey(decodePosition(position)));
        QueryResponse response = call(() -> client.query(query.build()));
        List<Map<String, AttributeValue>> found = response.items();
        List<DocumentVersion> items = new ArrayList<>(Math.min(found.size(), limit));
        for (int i = 0; i < found.size() && i < limit; i++) {
            items.add(fromItem(tenant, found.get(i)));
        }
        Optional<String> next;
        if (found.size() > limit) {
            next = Optional.of(encodePosition(indexKey(found.get(limit - 1))));
        } else if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            next = Optional.of(encodePosition(response.lastEvaluatedKey())); // stopped early at 1 MB
        } else {
            next = Optional.empty();
        }
        return new Slice<>(items, next);
    }

    @Override
    public Optional<DocumentVersion> findVersion(TenantId tenant, DocumentId id, long version) {
        if (version < 1 || version > 9_999_999_999L) {
            return Optional.empty();
        }
        GetItemResponse response = call(() -> client.getItem(b -> b
                .tableName(tableName)
                .key(key(TableLayout.documentPk(tenant, id), TableLayout.versionSk(version)))
                .consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromItem(tenant, response.item()))
                : Optional.empty();
    }

    @Override
    public Slice<VersionSummary> listVersions(TenantId tenant, DocumentId id, int limit, Optional<String> after) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .projectionExpression("#pk, #sk, #v, #op, #updatedAt, #actor, #client, #size")
                .expressionAttributeNames(Map.of(
                        "#pk", TableLayout.PK, "#sk", TableLayout.SK, "#v", VERSION, "#op", OPERATION,
                        "#updatedAt", UPDATED_AT, "#actor", ACTOR, "#client", CLIENT, "#size", SIZE))
                .expressionAttributeValues(Map.of(
                        ":pk", s(TableLayout.documentPk(tenant, id)),
                        ":prefix", s(TableLayout.VERSION_PREFIX)))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(limit + 1);
        after.ifPresent(position -> query.exclusiveStartKey(decodePosition(position)));
        QueryResponse response = call(() -> client.query(query.build()));
        List<Map<String, AttributeValue>> found = response.items();
        List<VersionSummary> items = new ArrayList<>(Math.min(found.size(), limit));
        for (int i = 0; i < found.size() && i < limit; i++) {
            Map<String, AttributeValue> item = found.get(i);
            AttributeValue clientId = item.get(CLIENT);
            AttributeValue size = item.get(SIZE);
            items.add(new VersionSummary(
                    Long.parseLong(item.get(VERSION).n()),
                    Operation.fromWireName(item.get(OPERATION).s()),
                    DocumentFields.parseTimestamp(item.get(UPDATED_AT).s()),
                    new Actor(item.get(ACTOR).s(), clientId == null ? "" : clientId.s()),
                    size == null ? 0 : Long.parseLong(size.n())));
        }
        Optional<String> next = Optional.empty();
        if (found.size() > limit) {
            Map<String, AttributeValue> last = found.get(limit - 1);
            next = Optional.of(encodePosition(Map.of(
                    TableLayout.PK, last.get(TableLayout.PK), TableLayout.SK, last.get(TableLayout.SK))));
        } else if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            next = Optional.of(encodePosition(response.lastEvaluatedKey()));
        }
        return new Slice<>(items, next);
    }

    @Override
    public void deleteVersions(TenantId tenant, DocumentId id, List<Long> versions) {
        String pk = TableLayout.documentPk(tenant, id);
        List<WriteRequest> requests = new ArrayList<>();
        for (long version : versions) {
            requests.add(WriteRequest.builder()
                    .deleteRequest(d -> d.key(key(pk, TableLayout.versionSk(version))))
                    .build());
        }
        BatchWrites.write(client, tableName, requests);
    }

    @Override
    public void forEachDocument(Consumer<DocumentRef> visitor) {
        // Items of one partition come out of a scan together and in sort-key order: H before V#...
        DocumentRefBuilder[] current = {null};
        scan(ScanRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .projectionExpression("#pk, #sk, #v, #updatedAt")
                .expressionAttributeNames(Map.of(
                        "#pk", TableLayout.PK, "#sk", TableLayout.SK, "#v", VERSION, "#updatedAt", UPDATED_AT)),
                item -> {
                    String pk = item.get(TableLayout.PK).s();
                    String sk = item.get(TableLayout.SK).s();
                    Optional<TableLayout.DocumentKey> key = TableLayout.parseDocumentPk(pk);
                    if (key.isEmpty() || !(sk.equals(TableLayout.HEAD_SK) || TableLayout.isVersionSk(sk))) {
                        return;
                    }
                    if (current[0] == null || !current[0].pk.equals(pk)) {
                        if (current[0] != null) {
                            visitor.accept(current[0].build());
                        }
                        current[0] = new DocumentRefBuilder(pk, key.get());
                    }
                    long v = Long.parseLong(item.get(VERSION).n());
                    if (sk.equals(TableLayout.HEAD_SK)) {
                        current[0].head = OptionalLong.of(v);
                    } else {
                        current[0].versions.add(
                                new DocumentRef.Logged(v, DocumentFields.parseTimestamp(item.get(UPDATED_AT).s())));
                    }
                });
        if (current[0] != null) {
            visitor.accept(current[0].build());
        }
    }

    @Override
    public void forEachVersion(Consumer<DocumentVersion> visitor) {
        scan(ScanRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .filterExpression("begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#sk", TableLayout.SK))
                .expressionAttributeValues(Map.of(":prefix", s(TableLayout.VERSION_PREFIX))),
                item -> TableLayout.parseDocumentPk(item.get(TableLayout.PK).s())
                        .ifPresent(key -> visitor.accept(fromItem(key.tenant(), item))));
    }

    private void scan(ScanRequest.Builder request, Consumer<Map<String, AttributeValue>> visitor) {
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = call(() -> client.scan(request.build()));
            page.items().forEach(visitor);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static final class DocumentRefBuilder {
        final String pk;
        final TableLayout.DocumentKey key;
        OptionalLong head = OptionalLong.empty();
        final List<DocumentRef.Logged> versions = new ArrayList<>();

        DocumentRefBuilder(String pk, TableLayout.DocumentKey key) {
            this.pk = pk;
            this.key = key;
        }

        DocumentRef build() {
            versions.sort(java.util.Comparator.comparingLong(DocumentRef.Logged::version));
            return new DocumentRef(key.tenant(), key.id(), head, versions);
        }
    }

    private Map<String, AttributeValue> toItem(DocumentVersion version) {
        Map<String, AttributeValue> item = new HashMap<>(16);
        item.put(ID, s(version.id().value()));
        item.put(VERSION, n(version.version()));
        item.put(OPERATION, s(version.operation().wireName()));
        item.put(CREATED_AT, s(version.createdAt().toString()));
        item.put(UPDATED_AT, s(version.updatedAt().toString()));
        item.put(ACTOR, s(version.actor().sub()));
        if (!version.actor().clientId().isEmpty()) {
            item.put(CLIENT, s(version.actor().clientId()));
        }
        if (version.content() != null) {
            String document = writeJson(version.content());
            item.put(DOCUMENT, s(document));
            item.put(SIZE, n(document.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        return item;
    }

    private DocumentVersion fromItem(TenantId tenant, Map<String, AttributeValue> item) {
        AttributeValue document = item.get(DOCUMENT);
        AttributeValue clientId = item.get(CLIENT);
        return new DocumentVersion(
                tenant,
                new DocumentId(item.get(ID).s()),
                Long.parseLong(item.get(VERSION).n()),
                Operation.fromWireName(item.get(OPERATION).s()),
                document == null ? null : readJson(document.s()),
                DocumentFields.parseTimestamp(item.get(CREATED_AT).s()),
                DocumentFields.parseTimestamp(item.get(UPDATED_AT).s()),
                new Actor(item.get(ACTOR).s(), clientId == null ? "" : clientId.s()));
    }

    private String writeJson(ObjectNode content) {
        return json.writeValueAsString(content);
    }

    private ObjectNode readJson(String document) {
        try {
            // written by this repository from a checked document: no need to look for duplicate keys again
            return (ObjectNode) json.readTree(document, Json.Projection.ALL);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored document is not a JSON object", e);
        }
    }

    private static Map<String, AttributeValue> indexKey(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>(4);
        for (String name : List.of(TableLayout.PK, TableLayout.SK, TableLayout.GSI1_PK, TableLayout.GSI1_SK)) {
            key.put(name, item.get(name));
        }
        return key;
    }

    private String encodePosition(Map<String, AttributeValue> key) {
        ObjectNode plain = json.createObjectNode();
        key.forEach((name, value) -> plain.put(name, value.s()));
        return json.writeValueAsString(plain);
    }

    private Map<String, AttributeValue> decodePosition(String position) {
        JsonNode plain;
        try {
            plain = json.readTree(position);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a position of this repository", e);
        }
        if (!plain.isObject()) {
            throw new IllegalArgumentException("not a position of this repository");
        }
        Map<String, AttributeValue> key = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : plain.properties()) {
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException("not a position of this repository");
            }
            key.put(field.getKey(), s(field.getValue().textValue()));
        }
        return key;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>(4);
        key.put(TableLayout.PK, s(pk));
        key.put(TableLayout.SK, s(sk));
        return key;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static <T> T call(Supplier<T> operation) {
        return DynamoDbErrors.translate(operation);
    }
}
