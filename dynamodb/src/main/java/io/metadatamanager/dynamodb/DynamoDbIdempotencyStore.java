package io.metadatamanager.dynamodb;

import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.IdempotencyStore;
import io.metadatamanager.core.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Idempotency keys as items with a TTL attribute ({@code expiresAt}, epoch seconds). DynamoDB removes them
 * some time after expiry; until then (and on engines without TTL) expired items are treated as absent.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {
    private static final String FINGERPRINT = "fp";
    private static final String STATE = "state";
    private static final String LEASE = "leaseUntil";
    private static final String DOCUMENT = "docId";
    private static final String VERSION = "v";
    private static final String PENDING = "pending";
    private static final String DONE = "done";

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbIdempotencyStore(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<Entry> claim(TenantId tenant, String key, String fingerprint, Instant now, Instant leaseUntil,
            Instant expiresAt) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, AttributeValue> item = key(tenant, key);
            item.put(FINGERPRINT, AttributeValue.fromS(fingerprint));
            item.put(STATE, AttributeValue.fromS(PENDING));
            item.put(LEASE, n(leaseUntil.getEpochSecond()));
            item.put(TableLayout.EXPIRES_AT, n(expiresAt.getEpochSecond()));
            try {
                DynamoDbErrors.translate(() -> client.putItem(b -> b
                        .tableName(tableName)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk) OR #exp < :now"
                                + " OR (#state = :pending AND #lease < :now)")
                        .expressionAttributeNames(Map.of("#pk", TableLayout.PK, "#exp", TableLayout.EXPIRES_AT,
                                "#state", STATE, "#lease", LEASE))
                        .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()),
                                ":pending", AttributeValue.fromS(PENDING)))));
                return Optional.empty();
            } catch (ConditionalCheckFailedException held) {
                Optional<Entry> entry = read(tenant, key, now);
                if (entry.isPresent()) {
                    return entry;
                }
                // expired or released between our write and our read: try again
            }
        }
        throw new io.metadatamanager.core.error.IdempotencyKeyInUseException(
                "a request with this Idempotency-Key is still in progress");
    }

    @Override
    public void complete(TenantId tenant, String key, String fingerprint, DocumentId id, long version,
            Instant expiresAt) {
        Map<String, AttributeValue> item = key(tenant, key);
        item.put(FINGERPRINT, AttributeValue.fromS(fingerprint));
        item.put(STATE, AttributeValue.fromS(DONE));
        item.put(DOCUMENT, AttributeValue.fromS(id.value()));
        item.put(VERSION, n(version));
        item.put(TableLayout.EXPIRES_AT, n(expiresAt.getEpochSecond()));
        DynamoDbErrors.translate(() -> client.putItem(b -> b.tableName(tableName).item(item)));
    }

    @Override
    public void release(TenantId tenant, String key) {
        try {
            DynamoDbErrors.translate(() -> client.deleteItem(b -> b
                    .tableName(tableName)
                    .key(key(tenant, key))
                    .conditionExpression("#state = :pending")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS(PENDING)))));
        } catch (ConditionalCheckFailedException notOurs) {
            // completed or taken over meanwhile: leave it
        }
    }

    private Optional<Entry> read(TenantId tenant, String key, Instant now) {
        GetItemResponse response = DynamoDbErrors.translate(() -> client.getItem(b -> b
                .tableName(tableName)
                .key(key(tenant, key))
                .consistentRead(true)));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        if (Long.parseLong(item.get(TableLayout.EXPIRES_AT).n()) < now.getEpochSecond()) {
            return Optional.empty();
        }
        boolean done = DONE.equals(item.get(STATE).s());
        if (!done && Long.parseLong(item.get(LEASE).n()) < now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(item.get(FINGERPRINT).s(), done,
                done ? new DocumentId(item.get(DOCUMENT).s()) : null,
                done ? Long.parseLong(item.get(VERSION).n()) : 0));
    }

    private static Map<String, AttributeValue> key(TenantId tenant, String key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableLayout.PK, AttributeValue.fromS(TableLayout.idempotencyPk(tenant, key)));
        item.put(TableLayout.SK, AttributeValue.fromS(TableLayout.IDEMPOTENCY_SK));
        return item;
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
