package io.metadatamanager.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentRepository;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Operation;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.error.VersionConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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
    private static final TypeReference<Map<String, String>> POSITION = new TypeReference<>() {};

    private final DynamoDbClient client;
    private final String tableName;
    private final ObjectMapper json;

    public DynamoDbDocumentRepository(DynamoDbClient client, String tableName, ObjectMapper json) {
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
                Instant.parse(item.get(CREATED_AT).s()),
                Instant.parse(item.get(UPDATED_AT).s()),
                new Actor(item.get(ACTOR).s(), clientId == null ? "" : clientId.s()));
    }

    private String writeJson(ObjectNode content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a document", e);
        }
    }

    private ObjectNode readJson(String document) {
        try {
            return (ObjectNode) json.readTree(document);
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
        Map<String, String> plain = new HashMap<>();
        key.forEach((name, value) -> plain.put(name, value.s()));
        try {
            return json.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a position", e);
        }
    }

    private Map<String, AttributeValue> decodePosition(String position) {
        Map<String, String> plain;
        try {
            plain = json.readValue(position, POSITION);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a position of this repository", e);
        }
        Map<String, AttributeValue> key = new HashMap<>();
        plain.forEach((name, value) -> key.put(name, s(value)));
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
