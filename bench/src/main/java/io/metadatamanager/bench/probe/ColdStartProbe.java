package io.metadatamanager.bench.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.TableLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor for a cold start: a handler that builds a DynamoDB client exactly as the function does
 * ({@link DynamoDbClients#create}, same region, credentials and HTTP client) and makes one strongly consistent
 * GetItem per invocation (of a key that is never a document's), and nothing else. The benchmark runs it under the
 * same runtime, JDK and flags as the function and reports the function's cold start as a ratio to this one.
 *
 * <p>Handler string: {@code io.metadatamanager.bench.probe.ColdStartProbe::handleRequest}.
 */
public final class ColdStartProbe implements RequestStreamHandler {
    private final DynamoDbClient client;
    private final String table;

    public ColdStartProbe() {
        Map<String, String> env = System.getenv();
        Optional<URI> endpoint = Optional.ofNullable(env.get("DYNAMODB_ENDPOINT")).map(URI::create);
        this.table = env.getOrDefault("TABLE_NAME", "metadata");
        this.client = DynamoDbClients.create(endpoint, Region.of(env.getOrDefault("AWS_REGION", "us-east-1")),
                env.containsKey("AWS_ACCESS_KEY_ID") ? CredentialsSource.ENVIRONMENT : CredentialsSource.LOCAL);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        boolean found = client.getItem(b -> b
                .tableName(table)
                .key(Map.of(TableLayout.PK, AttributeValue.fromS("probe"),
                        TableLayout.SK, AttributeValue.fromS("probe")))
                .consistentRead(true)).hasItem();
        output.write(("{\"found\":" + found + "}").getBytes(StandardCharsets.UTF_8));
    }
}
