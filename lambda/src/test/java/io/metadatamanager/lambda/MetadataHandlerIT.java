package io.metadatamanager.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.dynalite.SharedDynalite;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.TableDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The handler, configured the way Lambda configures it, over a real dynalite. */
class MetadataHandlerIT {
    private static final Json JSON = new Json();
    private static MetadataHandler handler;

    @BeforeAll
    static void setUp() {
        String table = "handler-" + UUID.randomUUID();
        String endpoint = SharedDynalite.get().endpoint().toString();
        try (DynamoDbClient client = DynamoDbClients.create(Optional.of(SharedDynalite.get().endpoint()),
                Region.US_EAST_1, DynamoDbClients.CredentialsSource.LOCAL)) {
            TableDefinition.ensureTable(client, table);
        }
        handler = new MetadataHandler(HandlerConfig.fromEnvironment(Map.of(
                "TABLE_NAME", table, "DYNAMODB_ENDPOINT", endpoint, "AWS_REGION", "eu-west-1")));
    }

    private static JsonNode invoke(MetadataHandler target, ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        target.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static ObjectNode restEvent(String method, String path, String sub, String body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("httpMethod", method);
        event.put("path", path);
        event.putObject("headers").put("Content-Type", "application/json");
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("stage", "prod");
        context.putObject("authorizer").putObject("claims").put("sub", sub);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return event;
    }

    private static ObjectNode httpApiEvent(String method, String rawPath, String sub) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "ANY /{proxy+}");
        event.put("rawPath", rawPath);
        event.put("rawQueryString", "");
        event.putObject("headers").put("accept", "application/json");
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("stage", "prod");
        context.putObject("http").put("method", method).put("path", rawPath);
        context.putObject("authorizer").putObject("jwt").putObject("claims").put("sub", sub);
        event.put("isBase64Encoded", false);
        return event;
    }

    @Test
    void aDocumentCreatedThroughARestEvent_isReadableThroughAnHttpApiEvent() throws Exception {
        JsonNode created = invoke(handler, restEvent("POST", "/metadata", "tenant-1",
                "{\"id\":\"theme\",\"page\":\"all\",\"theme\":\"dark\"}"));
        assertThat(created.get("statusCode").asInt()).isEqualTo(201);

        JsonNode read = invoke(handler, httpApiEvent("GET", "/prod/metadata/theme", "tenant-1"));

        assertThat(read.get("statusCode").asInt()).isEqualTo(200);
        assertThat(read.at("/headers/ETag").asText()).isEqualTo("\"1\"");
        assertThat(JSON.readTree(read.get("body").asText()).get("theme").asText()).isEqualTo("dark");
    }

    @Test
    void anUnreachableEngine_is503WithRetryAfter() throws Exception {
        MetadataHandler down = new MetadataHandler(HandlerConfig.fromEnvironment(Map.of(
                "TABLE_NAME", "any", "DYNAMODB_ENDPOINT", "http://127.0.0.1:1", "AWS_REGION", "eu-west-1")));

        JsonNode response = invoke(down, restEvent("GET", "/metadata/x", "tenant-1", null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(503);
        assertThat(response.at("/headers/Retry-After").asText()).isEqualTo("1");
        assertThat(response.at("/headers/Content-Type").asText()).isEqualTo("application/problem+json");
    }
}
