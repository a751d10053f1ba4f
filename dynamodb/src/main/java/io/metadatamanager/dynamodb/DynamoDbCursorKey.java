package io.metadatamanager.dynamodb;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The list-cursor signing key, kept in the table itself so that every function instance (and the local
 * runner) signs and verifies with the same key without any other configuration. Created once, by whichever
 * instance asks first (a conditional put), and never changed.
 */
public final class DynamoDbCursorKey implements Supplier<byte[]> {
    private static final String KEY = "key";

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbCursorKey(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public byte[] get() {
        byte[] existing = read();
        if (existing != null) {
            return existing;
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            DynamoDbErrors.translate(() -> client.putItem(b -> b
                    .tableName(tableName)
                    .item(Map.of(
                            TableLayout.PK, AttributeValue.fromS(TableLayout.CURSOR_KEY_PK),
                            TableLayout.SK, AttributeValue.fromS(TableLayout.CURSOR_KEY_SK),
                            KEY, AttributeValue.fromB(SdkBytes.fromByteArray(fresh))))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", TableLayout.PK))));
            return fresh;
        } catch (ConditionalCheckFailedException another) {
            return read();
        }
    }

    /** The key if some instance created it already; never writes. */
    public Optional<byte[]> existing() {
        return Optional.ofNullable(read());
    }

    private byte[] read() {
        GetItemResponse response = DynamoDbErrors.translate(() -> client.getItem(b -> b
                .tableName(tableName)
                .key(Map.of(
                        TableLayout.PK, AttributeValue.fromS(TableLayout.CURSOR_KEY_PK),
                        TableLayout.SK, AttributeValue.fromS(TableLayout.CURSOR_KEY_SK)))
                .consistentRead(true)));
        AttributeValue key = response.hasItem() ? response.item().get(KEY) : null;
        return key == null ? null : key.b().asByteArray();
    }
}
