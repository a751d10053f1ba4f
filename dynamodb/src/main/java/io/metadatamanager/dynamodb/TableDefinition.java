package io.metadatamanager.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The table and its index as the data layer uses them, for local engines and tests (AWS gets it from CDK). */
public final class TableDefinition {
    private TableDefinition() {}

    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        string(TableLayout.PK), string(TableLayout.SK),
                        string(TableLayout.GSI1_PK), string(TableLayout.GSI1_SK))
                .keySchema(hash(TableLayout.PK), range(TableLayout.SK))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(TableLayout.GSI1)
                        .keySchema(hash(TableLayout.GSI1_PK), range(TableLayout.GSI1_SK))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    /** Creates the table if it does not exist and waits until it is active. */
    public static void ensureTable(DynamoDbClient client, String tableName) {
        try {
            client.createTable(createTableRequest(tableName));
        } catch (ResourceInUseException exists) {
            // created before
        }
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                if (client.describeTable(b -> b.tableName(tableName)).table().tableStatus() == TableStatus.ACTIVE) {
                    return;
                }
            } catch (ResourceNotFoundException notYet) {
                // eventually consistent right after create
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + tableName, e);
            }
        }
        throw new IllegalStateException("table " + tableName + " did not become active");
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
