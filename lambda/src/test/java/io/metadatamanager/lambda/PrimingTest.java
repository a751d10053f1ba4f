package io.metadatamanager.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Priming warms the request path through DynamoDB's read calls only, and loads the cursor key if there is one. */
class PrimingTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    /** DynamoDB from memory: an empty table, except perhaps the cursor key; records each call's operation. */
    private static final class EmptyTable implements SdkHttpClient {
        final List<String> operations = new ArrayList<>();
        private final boolean hasCursorKey;

        EmptyTable(boolean hasCursorKey) {
            this.hasCursorKey = hasCursorKey;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElseThrow();
            String operation = target.substring(target.indexOf('.') + 1);
            operations.add(operation);
            String body = request.contentStreamProvider().map(p -> {
                try {
                    return new String(p.newStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElse("");
            String response = switch (operation) {
                case "GetItem" -> hasCursorKey && body.contains("SYS#cursor-key")
                        ? "{\"Item\":{\"PK\":{\"S\":\"SYS#cursor-key\"},\"SK\":{\"S\":\"SYS\"},"
                                + "\"key\":{\"B\":\"" + KEY + "\"}}}"
                        : "{}";
                case "Query" -> "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}";
                default -> "{}";
            };
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                                    .putHeader("Content-Length", Integer.toString(bytes.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public String clientName() {
            return "EmptyTable";
        }

        @Override
        public void close() {}
    }

    private static MetadataHandler handler(EmptyTable table, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TABLE_NAME", "t", "DYNAMODB_ENDPOINT", "http://dynamodb.invalid", "AWS_REGION", "us-east-1"));
        env.putAll(extra);
        DynamoDbClient client = DynamoDbClients.create(Optional.of(URI.create("http://dynamodb.invalid")),
                Region.US_EAST_1, CredentialsSource.LOCAL, table);
        return new MetadataHandler(HandlerConfig.fromEnvironment(env), client);
    }

    @Test
    void priming_readsButNeverWrites() {
        EmptyTable table = new EmptyTable(false);
        MetadataHandler handler = handler(table, Map.of());

        handler.prime();

        assertThat(table.operations).isNotEmpty().containsOnly("GetItem", "Query").contains("GetItem", "Query");
        assertThat(handler.cursorKeyLoaded()).isFalse();
    }

    @Test
    void priming_loadsTheCursorKeyTheTableHas() {
        EmptyTable table = new EmptyTable(true);
        MetadataHandler handler = handler(table, Map.of());

        handler.prime();

        assertThat(handler.cursorKeyLoaded()).isTrue();
        assertThat(table.operations).containsOnly("GetItem", "Query");
    }

    @Test
    void withProvisionedConcurrency_theHandlerPrimesAtInit() {
        EmptyTable table = new EmptyTable(false);

        handler(table, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));

        assertThat(table.operations).containsOnly("GetItem", "Query").isNotEmpty();
    }

    @Test
    void onDemand_theHandlerDoesNotCallDynamoDbAtInit() {
        EmptyTable table = new EmptyTable(false);

        handler(table, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));

        assertThat(table.operations).isEmpty();
    }

    @Test
    void registeringWithCrac_isHarmlessOutsideACracJvm() {
        Priming priming = new Priming(() -> {
            throw new AssertionError("no checkpoint is taken here");
        });

        Core.getGlobalContext().register(priming);
    }
}
