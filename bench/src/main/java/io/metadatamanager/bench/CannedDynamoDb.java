package io.metadatamanager.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * DynamoDB answering from memory: an {@link SdkHttpClient} that returns one canned JSON document per operation
 * (taken from the {@code X-Amz-Target} header) with status 200. Everything above the HTTP client, the SDK's
 * marshalling, signing and unmarshalling included, runs as it does against DynamoDB.
 */
final class CannedDynamoDb implements SdkHttpClient {
    private final Map<String, byte[]> responses;

    /** @param responses response bodies by operation name ({@code GetItem}, {@code Query}, {@code PutItem}, ...) */
    CannedDynamoDb(Map<String, String> responses) {
        Map<String, byte[]> bytes = new HashMap<>();
        responses.forEach((operation, body) -> bytes.put(operation, body.getBytes(StandardCharsets.UTF_8)));
        this.responses = Map.copyOf(bytes);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                .orElseThrow(() -> new IllegalStateException("not a DynamoDB request"));
        String operation = target.substring(target.indexOf('.') + 1);
        byte[] body = responses.get(operation);
        if (body == null) {
            throw new IllegalStateException("no canned response for " + operation);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder()
                                .statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("x-amzn-RequestId", "canned")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    @Override
    public String clientName() {
        return "Canned";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
