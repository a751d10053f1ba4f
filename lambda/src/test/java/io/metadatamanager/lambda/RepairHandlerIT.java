package io.metadatamanager.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Operation;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.dynalite.SharedDynalite;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbDocumentRepository;
import io.metadatamanager.dynamodb.TableDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The scheduled maintenance function over a real dynalite, invoked with a scheduled event. */
class RepairHandlerIT {
    private static final Json JSON = new Json();

    @Test
    void aScheduledRun_projectsAVersionWhoseHeadWasNeverWritten_andAppliesRetention() throws Exception {
        String table = "repair-" + UUID.randomUUID();
        TenantId tenant = new TenantId("t1");
        DocumentId id = new DocumentId("doc");
        try (DynamoDbClient client = DynamoDbClients.create(Optional.of(SharedDynalite.get().endpoint()),
                Region.US_EAST_1, DynamoDbClients.CredentialsSource.LOCAL)) {
            TableDefinition.ensureTable(client, table);
            DynamoDbDocumentRepository repository = new DynamoDbDocumentRepository(client, table, JSON);
            Instant t = Instant.parse("2026-11-29T00:00:00Z");
            for (long v = 1; v <= 3; v++) {
                repository.append(new DocumentVersion(tenant, id, v, v == 1 ? Operation.CREATE : Operation.REPLACE,
                        JSON.createObjectNode().put("n", v), t, t.plusSeconds(v), new Actor("t1", "")));
            }
            repository.project(repository.findVersion(tenant, id, 2).orElseThrow());

            RepairHandler handler = new RepairHandler(HandlerConfig.fromEnvironment(Map.of(
                    "TABLE_NAME", table, "DYNAMODB_ENDPOINT", SharedDynalite.get().endpoint().toString(),
                    "AWS_REGION", "eu-west-1", "RETENTION_MAX_VERSIONS", "2")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(
                    "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}"
                            .getBytes(StandardCharsets.UTF_8)), out, null);

            JsonNode report = JSON.readTree(out.toByteArray());
            assertThat(report.get("documents").asLong()).isEqualTo(1);
            assertThat(report.get("repaired").asLong()).isEqualTo(1);
            assertThat(report.get("pruned").asLong()).isEqualTo(1);
            assertThat(report.get("failures").asLong()).isZero();
            assertThat(repository.findHead(tenant, id).orElseThrow().version()).isEqualTo(3);
            assertThat(repository.findVersion(tenant, id, 1)).isEmpty();
        }
    }
}
