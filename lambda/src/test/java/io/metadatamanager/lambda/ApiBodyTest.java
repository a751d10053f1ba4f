package io.metadatamanager.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IdempotentCreates;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.testing.InMemoryDocumentRepository;
import io.metadatamanager.core.testing.InMemoryIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies at the edges of what JSON numbers can be, through the API with in-memory storage. */
class ApiBodyTest {
    private static final Json JSON = new Json();

    private Api api;

    @BeforeEach
    void setUp() {
        InMemoryDocumentRepository repository = new InMemoryDocumentRepository();
        Documents documents = new Documents(repository, new CursorCodec(() -> new byte[32]), Clock.systemUTC());
        api = new Api(documents, new IdempotentCreates(documents, repository, new InMemoryIdempotencyStore(),
                Clock.systemUTC(), Duration.ofHours(1)), JSON, HandlerConfig.DEFAULT_MAX_BODY_BYTES, Set.of(), false,
                new TenantRateLimiter(1_000, 1_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"n\":0.1e-2147483648}",
            "{\"n\":1e-2147483648}",
            "{\"n\":1e99999999999}",
            "{\"a\":{\"b\":[1,2,1e-9999999999]}}",
    })
    void aNumberWhoseExponentOverflows_is400_notAServerError(String body) throws Exception {
        Api.Exchange created = api.handle(request("POST", "/metadata", Map.of(), body));
        Api.Exchange patched = api.handle(request("PATCH", "/metadata/doc", Map.of("if-match", "*",
                "content-type", "application/merge-patch+json"), body));

        for (Api.Exchange exchange : new Api.Exchange[] {created, patched}) {
            assertThat(exchange.response().status()).isEqualTo(400);
            assertThat(exchange.serverFailure()).isNull();
            assertThat(exchange.response().headers()).containsEntry("Content-Type", Problems.CONTENT_TYPE);
            JsonNode problem = JSON.readTree(exchange.response().body());
            assertThat(problem.get("detail").asText()).doesNotContain("Exception").doesNotContain("2147483648");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1e999999", "1e-999999", "123456789012345678901234567890", "9.9e2147483647"})
    void aHugeButRepresentableNumber_isStoredAndReturnedExactly(String number) throws Exception {
        Api.Exchange created = api.handle(request("POST", "/metadata", Map.of(), "{\"id\":\"big\",\"n\":" + number + "}"));
        Api.Exchange read = api.handle(request("GET", "/metadata/big", Map.of(), null));

        assertThat(created.response().status()).isEqualTo(201);
        assertThat(read.response().status()).isEqualTo(200);
        assertThat(JSON.readTree(read.response().body()).get("n").decimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal(number));
    }

    private static HttpRequest request(String method, String path, Map<String, String> headers, String body) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("content-type", "application/json");
        return new HttpRequest(method, path, all, Map.of(),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "request-1",
                Map.of("sub", "alice", "token_use", "access", "client_id", "client"));
    }
}
