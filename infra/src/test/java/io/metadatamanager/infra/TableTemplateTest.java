package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.dynamodb.TableLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTemplateTest {
    private final Synthesized synth = Synthesized.defaults();
    private final JsonNode table = synth.only("AWS::DynamoDB::GlobalTable");
    private final JsonNode properties = table.path("Properties");

    @Test
    void keySchema_isPartitionAndSortKeyFromTableLayout() {
        assertThat(keySchema(properties.path("KeySchema")))
                .containsExactly(TableLayout.PK + " HASH", TableLayout.SK + " RANGE");
    }

    @Test
    void everyKeyAttribute_isAString() {
        List<String> definitions = new ArrayList<>();
        properties.path("AttributeDefinitions").forEach(a ->
                definitions.add(a.path("AttributeName").asText() + " " + a.path("AttributeType").asText()));
        assertThat(definitions).containsExactlyInAnyOrder(
                TableLayout.PK + " S", TableLayout.SK + " S", TableLayout.GSI1_PK + " S", TableLayout.GSI1_SK + " S");
    }

    @Test
    void gsi1_hasItsKeysFromTableLayout_andProjectsAll() {
        JsonNode indexes = properties.path("GlobalSecondaryIndexes");
        assertThat(indexes).hasSize(1);
        JsonNode gsi = indexes.get(0);
        assertThat(gsi.path("IndexName").asText()).isEqualTo(TableLayout.GSI1);
        assertThat(keySchema(gsi.path("KeySchema")))
                .containsExactly(TableLayout.GSI1_PK + " HASH", TableLayout.GSI1_SK + " RANGE");
        assertThat(gsi.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
    }

    @Test
    void billing_isOnDemand() {
        assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void timeToLive_isOnTheExpiresAtAttribute() {
        assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo(TableLayout.EXPIRES_AT);
        assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
    }

    @Test
    void stream_carriesNewAndOldImages() {
        assertThat(properties.path("StreamSpecification").path("StreamViewType").asText())
                .isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void table_isRetainedOnDeleteAndReplace() {
        assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void primaryReplica_hasDeletionProtectionAndPointInTimeRecovery() {
        JsonNode replicas = properties.path("Replicas");
        assertThat(replicas).as("without replicaRegions only the primary").hasSize(1);
        JsonNode primary = replicas.get(0);
        assertThat(primary.path("Region")).isEqualTo(Synthesized.ref("AWS::Region"));
        assertThat(primary.path("DeletionProtectionEnabled").asBoolean()).isTrue();
        assertThat(primary.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                .isTrue();
    }

    @Test
    void encryption_defaultsToDynamoDbOwnedKey() {
        assertThat(properties.path("SSESpecification").path("SSEEnabled").asBoolean()).isFalse();
        assertThat(synth.resources("AWS::KMS::Key")).isEmpty();
    }

    @Test
    void table_hasNoFixedName() {
        assertThat(properties.has("TableName")).isFalse();
    }

    @Test
    void tableNameOutput_refersToTheTable() {
        String tableId = synth.logicalId("AWS::DynamoDB::GlobalTable", "Data");
        assertThat(synth.json.path("Outputs").path("TableName").path("Value")).isEqualTo(Synthesized.ref(tableId));
    }

    private static List<String> keySchema(JsonNode schema) {
        List<String> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(k.path("AttributeName").asText() + " " + k.path("KeyType").asText()));
        return keys;
    }
}
