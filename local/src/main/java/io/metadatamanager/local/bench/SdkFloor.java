package io.metadatamanager.local.bench;

import io.metadatamanager.lambda.HandlerConfig;
import io.metadatamanager.lambda.MetadataHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The floor under the local server's throughput: the same DynamoDB calls a route makes, sent straight from a
 * Java loop through the SDK with the function's client configuration, against the same engine. The calls are
 * the route's own: recorded from one request through the handler, then replayed (a create with a fresh id each
 * time).
 */
final class SdkFloor {
    private final List<SdkRequest> calls;
    private final String id;

    private SdkFloor(List<SdkRequest> calls, String id) {
        this.calls = calls;
        this.id = id;
    }

    /** Records the calls of one {@code event} through the handler. */
    static SdkFloor record(URI endpoint, String table, byte[] event, String id) throws IOException {
        DynamoDbRecorder recorder = new DynamoDbRecorder();
        try (DynamoDbClient client = recorder.client(endpoint)) {
            MetadataHandler handler = CapacityBench.quietly(() -> new MetadataHandler(HandlerConfig.fromEnvironment(
                    Map.of("TABLE_NAME", table, "DYNAMODB_ENDPOINT", endpoint.toString(), "AWS_REGION", "us-east-1",
                            // listings here never need the cursor key
                            "CURSOR_SECRET", java.util.Base64.getEncoder().encodeToString(new byte[32]))), client));
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
            return new SdkFloor(recorder.take().stream().map(DynamoDbRecorder.Call::request).toList(), id);
        }
    }

    List<String> operations() {
        return calls.stream().map(r -> r.getClass().getSimpleName().replace("Request", "")).toList();
    }

    ClosedLoop.Result run(DynamoDbClient client, int workers, Duration warmup, Duration measure)
            throws InterruptedException {
        return ClosedLoop.run(workers, warmup, measure, worker -> () -> {
            String fresh = id == null ? null : UUID.randomUUID().toString();
            for (SdkRequest call : calls) {
                send(client, fresh == null ? call : withId(call, id, fresh));
            }
            return true;
        });
    }

    private static void send(DynamoDbClient client, SdkRequest request) {
        switch (request) {
            case GetItemRequest r -> client.getItem(r);
            case QueryRequest r -> client.query(r);
            case PutItemRequest r -> {
                try {
                    client.putItem(r);
                } catch (ConditionalCheckFailedException e) {
                    throw new IllegalStateException("a replayed write collided", e);
                }
            }
            default -> throw new IllegalArgumentException("cannot replay " + request.getClass().getSimpleName());
        }
    }

    /** The request with every string attribute value that mentions {@code from} mentioning {@code to} instead. */
    private static SdkRequest withId(SdkRequest request, String from, String to) {
        return switch (request) {
            case PutItemRequest r -> r.toBuilder().item(replace(r.item(), from, to)).build();
            case QueryRequest r -> r.toBuilder()
                    .expressionAttributeValues(replace(r.expressionAttributeValues(), from, to)).build();
            case GetItemRequest r -> r.toBuilder().key(replace(r.key(), from, to)).build();
            default -> request;
        };
    }

    private static Map<String, AttributeValue> replace(Map<String, AttributeValue> values, String from, String to) {
        Map<String, AttributeValue> out = new HashMap<>(values.size());
        values.forEach((name, value) -> out.put(name,
                value.s() != null && value.s().contains(from) ? AttributeValue.fromS(value.s().replace(from, to))
                        : value));
        return out;
    }
}
