package io.metadatamanager.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IdempotentCreates;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.testing.InMemoryDocumentRepository;
import io.metadatamanager.core.testing.InMemoryIdempotencyStore;
import io.metadatamanager.core.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataHandlerTest {
    private static final Json JSON = new Json();
    private static final String SUB = "7f3c9a2e-5b1d-4e8f-a6c0-3d2b1e9f8a7c";
    private static final String CREATED_AT = "2026-11-29T13:51:36.123Z";

    private final MutableClock clock = MutableClock.at(CREATED_AT);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private MetadataHandler handler;

    @BeforeEach
    void setUp() {
        // the handler logs one line per request to standard output; keep those lines to inspect them
        originalOut = System.out;
        System.setOut(new PrintStream(logged, true, UTF_8));
        InMemoryDocumentRepository repository = new InMemoryDocumentRepository();
        Documents documents = new Documents(repository, new CursorCodec(() -> new byte[32]), clock);
        Api api = new Api(documents, new IdempotentCreates(documents, repository, new InMemoryIdempotencyStore(),
                clock, java.time.Duration.ofHours(24)), new Json(), 1024, java.util.Set.of(), false,
                new TenantRateLimiter(1e6, 1_000_000));
        handler = new MetadataHandler(api, JSON);
    }

    @AfterEach
    void restoreStandardOutput() {
        System.setOut(originalOut);
    }

    // ---- invoking ------------------------------------------------------------------------------------------

    private JsonNode invoke(byte[] input, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(input), output, context);
            return JSON.readTree(output.toByteArray());
        } catch (IOException e) {
            throw new AssertionError("the handler must answer every input", e);
        }
    }

    private JsonNode invoke(String fixture) {
        return invoke(Fixtures.bytes(fixture), null);
    }

    private JsonNode invoke(ObjectNode event) {
        return invoke(JSON.writeValueAsBytes(event), null);
    }

    private void given(String... fixtures) {
        for (String fixture : fixtures) {
            int status = invoke(fixture).get("statusCode").intValue();
            assertThat(status).as("setup step %s", fixture).isLessThan(300);
        }
    }

    private static JsonNode body(JsonNode response) {
        try {
            return JSON.readTree(response.get("body").textValue());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(JsonNode response, String name) {
        JsonNode value = response.get("headers").get(name);
        return value == null ? null : value.textValue();
    }

    private static Context contextWithRequestId(String requestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getRemainingTimeInMillis", "getMemoryLimitInMB" -> 0;
                    default -> null;
                });
    }

    /** The response document every invocation gets, and the headers every response carries. */
    private static void assertResponseDocument(JsonNode response, int status) {
        List<String> members = new ArrayList<>();
        response.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactlyInAnyOrder("statusCode", "headers", "body", "isBase64Encoded");
        assertThat(response.get("statusCode").intValue()).isEqualTo(status);
        assertThat(response.get("isBase64Encoded").booleanValue()).isFalse();
        assertThat(response.get("body").isTextual()).isTrue();
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(response, "Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
        assertThat(header(response, "Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");
    }

    private static JsonNode assertProblem(JsonNode response, int status, String type, String instance,
            String requestId) {
        assertResponseDocument(response, status);
        assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
        JsonNode problem = body(response);
        assertThat(problem.get("type").textValue()).isEqualTo("urn:metadata-manager:problem:" + type);
        assertThat(problem.get("title").textValue()).isNotBlank();
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("detail").textValue()).isNotBlank();
        assertThat(problem.get("instance").textValue()).isEqualTo(instance);
        assertThat(problem.get("requestId").textValue()).isEqualTo(requestId);
        return problem;
    }

    // ---- REST API, payload 1.0 -----------------------------------------------------------------------------

    @Nested
    class RestApiPayload1 {
        @Test
        void health_answers200_withoutAToken() {
            JsonNode response = invoke("rest-v1-health.json");

            assertResponseDocument(response, 200);
            assertThat(body(response).toString()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(header(response, "Cache-Control")).isNull();
        }

        @Test
        void create_answers201WithLocationETagAndTheStoredDocument() {
            JsonNode response = invoke("rest-v1-create.json");

            assertResponseDocument(response, 201);
            // the event came through the prod stage: the link must work from the client's side of it
            assertThat(header(response, "Location")).isEqualTo("/prod/metadata/render-1");
            assertThat(header(response, "ETag")).isEqualTo("\"1\"");
            assertThat(header(response, "Content-Type")).isEqualTo("application/json");
            assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
            assertThat(response.get("body").textValue()).isEqualTo("{\"id\":\"render-1\",\"page\":\"home\","
                    + "\"layout\":{\"columns\":3,\"gutter\":0.1},\"widgets\":[\"hero\",\"news\"],"
                    + "\"budget\":12345678901234567890123,\"version\":1,"
                    + "\"createdAt\":\"" + CREATED_AT + "\",\"updatedAt\":\"" + CREATED_AT + "\"}");
        }

        @Test
        void get_afterCreate_answersTheSameDocument() {
            String created = invoke("rest-v1-create.json").get("body").textValue();

            JsonNode response = invoke("rest-v1-get.json");

            assertResponseDocument(response, 200);
            assertThat(header(response, "ETag")).isEqualTo("\"1\"");
            assertThat(response.get("body").textValue()).isEqualTo(created);
        }

        @Test
        void get_withTheCurrentTagInIfNoneMatch_answers304() {
            given("rest-v1-create.json");

            JsonNode response = invoke("rest-v1-get-if-none-match.json");

            assertResponseDocument(response, 304);
            assertThat(response.get("body").textValue()).isEmpty();
            assertThat(header(response, "ETag")).isEqualTo("\"1\"");
        }

        @Test
        void replace_withIfMatch_answersTheNextVersion() {
            given("rest-v1-create.json");

            JsonNode response = invoke("rest-v1-replace.json");

            assertResponseDocument(response, 200);
            assertThat(header(response, "ETag")).isEqualTo("\"2\"");
            assertThat(body(response).toString()).isEqualTo("{\"id\":\"render-1\",\"page\":\"home\","
                    + "\"layout\":{\"columns\":4},\"version\":2,"
                    + "\"createdAt\":\"" + CREATED_AT + "\",\"updatedAt\":\"" + CREATED_AT + "\"}");
        }

        @Test
        void replace_ofAMissingDocument_answers404() {
            JsonNode response = invoke("rest-v1-replace.json");

            assertProblem(response, 404, "not-found", "/metadata/render-1", "0a7e1f2c-1111-4a5b-9c8d-000000000005");
        }

        @Test
        void patch_withABase64MergePatch_mergesIt() {
            given("rest-v1-create.json", "rest-v1-replace.json");

            JsonNode response = invoke("rest-v1-patch-base64.json");

            assertResponseDocument(response, 200);
            assertThat(header(response, "ETag")).isEqualTo("\"3\"");
            JsonNode document = body(response);
            assertThat(document.get("layout").toString()).isEqualTo("{\"rows\":2}");
            assertThat(document.get("theme").textValue()).isEqualTo("dark");
            assertThat(document.get("version").intValue()).isEqualTo(3);
        }

        @Test
        void patch_withAStaleTag_answers412() {
            given("rest-v1-create.json");

            JsonNode response = invoke("rest-v1-patch-base64.json");

            assertProblem(response, 412, "precondition-failed", "/metadata/render-1",
                    "0a7e1f2c-1111-4a5b-9c8d-000000000006");
        }

        @Test
        void delete_answers204_andTheDocumentIsGone() {
            given("rest-v1-create.json", "rest-v1-replace.json", "rest-v1-patch-base64.json");

            JsonNode response = invoke("rest-v1-delete.json");

            assertResponseDocument(response, 204);
            assertThat(response.get("body").textValue()).isEmpty();
            assertProblem(invoke("rest-v1-get.json"), 404, "not-found", "/metadata/render-1",
                    "0a7e1f2c-1111-4a5b-9c8d-000000000003");
        }

        @Test
        void list_withARepeatedLimit_usesTheLastValue() {
            // GIVEN two documents on the home page; the request says ?limit=1&limit=5&page=home
            given("rest-v1-create.json");
            ObjectNode second = Fixtures.event("rest-v1-create.json");
            second.put("body", "{\"id\":\"render-9\",\"page\":\"home\"}");
            assertThat(invoke(second).get("statusCode").intValue()).isEqualTo(201);

            // WHEN
            JsonNode response = invoke("rest-v1-list-repeated.json");

            // THEN both come on one page
            assertResponseDocument(response, 200);
            assertThat(body(response).get("items")).hasSize(2);
            assertThat(body(response).get("nextCursor").isNull()).isTrue();
        }

        @Test
        void withoutAuthorizerClaims_answers401() {
            JsonNode response = invoke("rest-v1-unauthenticated.json");

            assertProblem(response, 401, "unauthorized", "/metadata", "0a7e1f2c-1111-4a5b-9c8d-000000000009");
            assertThat(header(response, "WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    // ---- HTTP API, payload 2.0 -----------------------------------------------------------------------------

    @Nested
    class HttpApiPayload2 {
        @Test
        void create_onANamedStage_answers201() {
            JsonNode response = invoke("http-v2-create.json");

            assertResponseDocument(response, 201);
            assertThat(header(response, "Location")).isEqualTo("/prod/metadata/render-2");
            assertThat(header(response, "ETag")).isEqualTo("\"1\"");
            assertThat(body(response).get("title").textValue()).isEqualTo("Über uns");
        }

        @Test
        void get_afterCreate_answersTheDocument() {
            given("http-v2-create.json");

            JsonNode response = invoke("http-v2-get.json");

            assertResponseDocument(response, 200);
            assertThat(body(response).get("id").textValue()).isEqualTo("render-2");
            assertThat(body(response).get("page").textValue()).isEqualTo("about");
        }

        @Test
        void get_onTheDefaultStage_findsTheSameDocument() {
            given("http-v2-create.json");

            JsonNode response = invoke("http-v2-default-stage.json");

            assertResponseDocument(response, 200);
            assertThat(body(response).get("id").textValue()).isEqualTo("render-2");
        }

        @Test
        void patch_withABase64MergePatch_mergesIt() {
            given("http-v2-create.json");

            JsonNode response = invoke("http-v2-patch-base64.json");

            assertResponseDocument(response, 200);
            JsonNode document = body(response);
            assertThat(document.has("title")).isFalse();
            assertThat(document.get("subtitle").textValue()).isEqualTo("Team");
            assertThat(document.get("version").intValue()).isEqualTo(2);
        }

        @Test
        void list_withARepeatedLimit_usesTheLastValue() {
            // GIVEN two documents on the about page; the request says ?limit=5&page=about&limit=1
            given("http-v2-create.json");
            ObjectNode second = Fixtures.event("http-v2-create.json");
            second.put("body", "{\"id\":\"render-3\",\"page\":\"about\"}");
            assertThat(invoke(second).get("statusCode").intValue()).isEqualTo(201);

            // WHEN
            JsonNode response = invoke("http-v2-list-repeated.json");

            // THEN one comes per page
            assertResponseDocument(response, 200);
            assertThat(body(response).get("items")).hasSize(1);
            assertThat(body(response).get("items").get(0).get("id").textValue()).isEqualTo("render-2");
            assertThat(body(response).get("nextCursor").isTextual()).isTrue();
        }

        @Test
        void documentsBelongToTheTokenSubject_notToThePayloadVersion() {
            // GIVEN a document created through the REST API
            given("rest-v1-create.json");
            ObjectNode read = Fixtures.event("http-v2-get.json");
            read.put("rawPath", "/prod/metadata/render-1");

            // THEN the same subject reads it through the HTTP API, another subject does not
            assertResponseDocument(invoke(read), 200);
            ((ObjectNode) read.at("/requestContext/authorizer/jwt/claims")).put("sub", "someone-else");
            assertProblem(invoke(read), 404, "not-found", "/metadata/render-1", "Ux2aCjZ5joEEJ9Q=");
        }

        @Test
        void withoutJwtClaims_answers401() {
            ObjectNode event = Fixtures.event("http-v2-get.json");
            ((ObjectNode) event.get("requestContext")).remove("authorizer");

            JsonNode response = invoke(event);

            assertProblem(response, 401, "unauthorized", "/metadata/render-2", "Ux2aCjZ5joEEJ9Q=");
        }
    }

    // ---- inputs that are no events -------------------------------------------------------------------------

    @Nested
    class NotAnEvent {
        @ParameterizedTest
        @ValueSource(strings = {"this is not json", "{\"resource\": ", "", "[]", "42", "null",
                "{\"key1\":\"value1\",\"key2\":\"value2\",\"key3\":\"value3\"}", "{\"a\":1,\"a\":2}"})
        void input_thatIsNoProxyEvent_answers400Problem(String input) {
            JsonNode response = invoke(input.getBytes(UTF_8), null);

            assertProblem(response, 400, "invalid-request", "", "");
        }

        @Test
        void truncatedEvent_answers400Problem() {
            byte[] event = Fixtures.bytes("rest-v1-create.json");

            JsonNode response = invoke(Arrays.copyOf(event, event.length / 2), null);

            assertProblem(response, 400, "invalid-request", "", "");
        }

        @Test
        void eventWithABodyThatIsNotBase64_answers400Problem() {
            assertProblem(invoke("rest-v1-bad-base64.json"), 400, "invalid-request", "", "");
        }

        @Test
        void problem_carriesTheLambdaRequestId_whenTheEventHasNone() {
            JsonNode response = invoke("not json".getBytes(UTF_8), contextWithRequestId("lambda-req-42"));

            assertProblem(response, 400, "invalid-request", "", "lambda-req-42");
        }

        @Test
        void requestId_ofTheEvent_winsOverTheLambdaRequestId() {
            JsonNode response = invoke(Fixtures.bytes("rest-v1-unauthenticated.json"),
                    contextWithRequestId("lambda-req-42"));

            assertProblem(response, 401, "unauthorized", "/metadata", "0a7e1f2c-1111-4a5b-9c8d-000000000009");
        }
    }

    // ---- the request log -----------------------------------------------------------------------------------

    @Nested
    class RequestLogging {
        private List<JsonNode> lines() throws IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : logged.toString(UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }

        @Test
        void everyRequest_logsOneJsonLine_withRouteTemplateStatusAndRequestId() throws IOException {
            invoke("rest-v1-create.json");
            invoke("rest-v1-get.json");
            invoke("not json".getBytes(UTF_8), null);

            List<JsonNode> lines = lines();

            assertThat(lines).hasSize(3);
            assertThat(lines.get(0).get("method").textValue()).isEqualTo("POST");
            assertThat(lines.get(0).get("route").textValue()).isEqualTo("/metadata");
            assertThat(lines.get(0).get("status").intValue()).isEqualTo(201);
            assertThat(lines.get(0).get("requestId").textValue()).isEqualTo("0a7e1f2c-1111-4a5b-9c8d-000000000002");
            assertThat(lines.get(0).get("level").textValue()).isEqualTo("INFO");
            assertThat(lines.get(1).get("route").textValue()).isEqualTo("/metadata/{id}");
            assertThat(lines.get(1).get("status").intValue()).isEqualTo(200);
            assertThat(lines.get(2).get("status").intValue()).isEqualTo(400);
        }

        @Test
        void logLines_neverCarryBodiesClaimsTokensOrIds() {
            invoke("rest-v1-create.json");
            invoke("rest-v1-get.json");
            invoke("http-v2-list-repeated.json");

            assertThat(logged.toString(UTF_8))
                    .isNotBlank()
                    .doesNotContain(SUB)
                    .doesNotContain("Bearer")
                    .doesNotContain("eyJ")
                    .doesNotContain("render-1")
                    .doesNotContain("12345678901234567890123")
                    .doesNotContain("about");
        }
    }
}
