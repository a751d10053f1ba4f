package io.metadatamanager.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentRepository;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IdempotentCreates;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.error.StorageUnavailableException;
import io.metadatamanager.core.testing.InMemoryDocumentRepository;
import io.metadatamanager.core.testing.InMemoryIdempotencyStore;
import io.metadatamanager.core.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTest {
    private static final Json JSON = new Json();
    private static final String TENANT = "7f3c9a2e-5b1d-4e8f-a6c0-3d2b1e9f8a7c";
    private static final String OTHER_TENANT = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    private static final String REQUEST_ID = "req-0001";
    private static final int MAX_BODY_BYTES = 1024;
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final InMemoryDocumentRepository repository = new InMemoryDocumentRepository();
    private final MutableClock clock = MutableClock.at("2026-11-29T13:51:36.123Z");
    private final Api api = apiOver(repository);

    private Api apiOver(DocumentRepository store) {
        Documents documents = new Documents(store, new CursorCodec(() -> new byte[32]), clock);
        return new Api(documents, new IdempotentCreates(documents, store, new InMemoryIdempotencyStore(), clock,
                Duration.ofHours(24)), JSON, MAX_BODY_BYTES, Set.of(), false, new TenantRateLimiter(1e6, 1_000_000));
    }

    // ---- requests and responses ----------------------------------------------------------------------------

    /** A request as the event mapping hands it over: authenticated as {@link #TENANT} unless told otherwise. */
    private static final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, String> query = new HashMap<>();
        private final Map<String, String> claims = new HashMap<>(Map.of("sub", TENANT, "client_id", "app"));
        private byte[] body = new byte[0];

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        Request query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Request body(String contentType, String text) {
            return body(contentType, text.getBytes(UTF_8));
        }

        Request body(String contentType, byte[] bytes) {
            if (contentType != null) {
                header("content-type", contentType);
            }
            body = bytes;
            return this;
        }

        Request json(String text) {
            return body("application/json", text);
        }

        Request mergePatch(String text) {
            return body("application/merge-patch+json", text);
        }

        Request ifMatch(String value) {
            return header("if-match", value);
        }

        Request anonymous() {
            claims.clear();
            return this;
        }

        Request as(String sub) {
            claims.put("sub", sub);
            return this;
        }

        HttpRequest build() {
            return new HttpRequest(method, path, headers, query, body, REQUEST_ID, claims);
        }
    }

    private static Request request(String method, String path) {
        return new Request(method, path);
    }

    private HttpResponse send(Request request) {
        return api.handle(request.build()).response();
    }

    private static JsonNode body(HttpResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse create(String json) {
        HttpResponse response = send(request("POST", "/metadata").json(json));
        assertThat(response.status()).as("create %s", json).isEqualTo(201);
        return response;
    }

    private static void assertSecurityHeaders(HttpResponse response) {
        assertThat(response.headers())
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
                .containsEntry("Content-Security-Policy", "frame-ancestors 'none'");
    }

    /** An RFC 9457 problem with every member, on a response that carries the headers every response carries. */
    private static JsonNode assertProblem(HttpResponse response, int status, String type, String instance) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        assertSecurityHeaders(response);
        JsonNode problem = body(response);
        assertThat(problem.get("type").textValue()).isEqualTo("urn:metadata-manager:problem:" + type);
        assertThat(problem.get("title").textValue()).isNotBlank();
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("detail").textValue()).isNotBlank();
        assertThat(problem.get("instance").textValue()).isEqualTo(instance);
        assertThat(problem.get("requestId").textValue()).isEqualTo(REQUEST_ID);
        return problem;
    }

    private static void assertNoStore(HttpResponse response) {
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
    }

    private List<String> listedIds(String sub) {
        JsonNode items = body(send(request("GET", "/metadata").as(sub).query("limit", "100"))).get("items");
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").textValue()));
        return ids;
    }

    // ---- routing -------------------------------------------------------------------------------------------

    @Nested
    class Routing {
        @Test
        void health_returns200WithoutAuthentication_andIsNotMarkedNoStore() {
            Api.Exchange exchange = api.handle(request("GET", "/health").anonymous().build());
            HttpResponse response = exchange.response();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("Content-Type", "application/json")
                    .doesNotContainKey("Cache-Control");
            assertThat(body(response).toString()).isEqualTo("{\"status\":\"ok\"}");
            assertSecurityHeaders(response);
            assertThat(exchange.route()).isEqualTo("/health");
            assertThat(exchange.serverFailure()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"POST", "PUT", "DELETE"})
        void health_withAnotherMethod_returns405WithAllow(String method) {
            HttpResponse response = send(request(method, "/health").anonymous());

            assertProblem(response, 405, "method-not-allowed", "/health");
            assertThat(response.headers()).containsEntry("Allow", "GET, HEAD");
        }

        @Test
        void head_answersLikeGet_withoutABody() {
            create("{\"id\":\"doc-1\",\"page\":\"home\"}");

            HttpResponse get = send(request("GET", "/metadata/doc-1"));
            HttpResponse head = send(request("HEAD", "/metadata/doc-1"));

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).isEqualTo(get.headers());
            assertThat(head.body()).isEmpty();
            assertThat(send(request("HEAD", "/metadata/missing")).status()).isEqualTo(404);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/", "/nope", "/metadata/a/b", "/metadata/a/", "/health/", "/metadataX", "/METADATA",
                "/metadata//a"})
        void unknownPath_returns404Problem(String path) {
            Api.Exchange exchange = api.handle(request("GET", path).build());

            assertProblem(exchange.response(), 404, "not-found", path);
            assertNoStore(exchange.response());
            assertThat(exchange.route()).isEqualTo("unmatched");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PUT", "PATCH", "DELETE", "OPTIONS"})
        void collection_withAnotherMethod_returns405WithAllow(String method) {
            HttpResponse response = send(request(method, "/metadata"));

            assertProblem(response, 405, "method-not-allowed", "/metadata");
            assertThat(response.headers()).containsEntry("Allow", "GET, HEAD, POST");
        }

        @ParameterizedTest
        @ValueSource(strings = {"POST", "OPTIONS", "TRACE"})
        void item_withAnotherMethod_returns405WithAllow(String method) {
            HttpResponse response = send(request(method, "/metadata/doc-1"));

            assertProblem(response, 405, "method-not-allowed", "/metadata/doc-1");
            assertThat(response.headers()).containsEntry("Allow", "GET, HEAD, PUT, PATCH, DELETE");
        }

        @Test
        void item_reportsItsRouteTemplate() {
            assertThat(api.handle(request("GET", "/metadata/doc-1").build()).route()).isEqualTo("/metadata/{id}");
            assertThat(api.handle(request("GET", "/metadata").build()).route()).isEqualTo("/metadata");
        }
    }

    // ---- authentication ------------------------------------------------------------------------------------

    @Nested
    class Authentication {
        @ParameterizedTest
        @CsvSource({"GET,/metadata", "POST,/metadata", "GET,/metadata/doc-1", "PUT,/metadata/doc-1",
                "PATCH,/metadata/doc-1", "DELETE,/metadata/doc-1"})
        void withoutASubClaim_returns401WithWwwAuthenticate(String method, String path) {
            HttpResponse response = send(request(method, path).anonymous().json("{}").ifMatch("*"));

            assertProblem(response, 401, "unauthorized", path);
            assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
            assertNoStore(response);
        }

        @Test
        void withABlankSubClaim_returns401() {
            HttpResponse response = send(request("GET", "/metadata").as("  "));

            assertProblem(response, 401, "unauthorized", "/metadata");
        }

        @Test
        void withOtherClaimsButNoSub_returns401_andStoresNothing() {
            Request request = request("POST", "/metadata").anonymous().json("{\"id\":\"doc-1\"}");
            request.claims.put("client_id", "app");

            assertProblem(send(request), 401, "unauthorized", "/metadata");
            assertThat(repository.findLatestVersion(new TenantId(TENANT), new DocumentId("doc-1"))).isEmpty();
        }

        @Test
        void anotherTenant_cannotSeeChangeOrListADocument() {
            create("{\"id\":\"doc-1\",\"secret\":true}");

            assertProblem(send(request("GET", "/metadata/doc-1").as(OTHER_TENANT)), 404, "not-found",
                    "/metadata/doc-1");
            assertProblem(send(request("DELETE", "/metadata/doc-1").as(OTHER_TENANT).ifMatch("*")), 404,
                    "not-found", "/metadata/doc-1");
            assertThat(listedIds(OTHER_TENANT)).isEmpty();
            assertThat(listedIds(TENANT)).containsExactly("doc-1");
        }
    }

    // ---- request bodies ------------------------------------------------------------------------------------

    @Nested
    class Bodies {
        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/merge-patch+json", "application/xml", "json",
                "application/jsonx", "application/x-www-form-urlencoded"})
        void create_withAnotherMediaType_returns415(String contentType) {
            HttpResponse response = send(request("POST", "/metadata").body(contentType, "{}"));

            assertProblem(response, 415, "unsupported-media-type", "/metadata");
            assertThat(response.headers()).doesNotContainKey("Accept-Patch");
            assertThat(listedIds(TENANT)).isEmpty();
        }

        @Test
        void create_withoutContentType_returns415() {
            HttpResponse response = send(request("POST", "/metadata").body(null, "{}"));

            assertProblem(response, 415, "unsupported-media-type", "/metadata");
        }

        @Test
        void replace_withMergePatchMediaType_returns415() {
            create("{\"id\":\"doc-1\"}");

            HttpResponse response = send(request("PUT", "/metadata/doc-1").ifMatch("\"1\"").mergePatch("{}"));

            assertProblem(response, 415, "unsupported-media-type", "/metadata/doc-1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/json", "text/plain"})
        void patch_withoutMergePatchMediaType_returns415WithAcceptPatch(String contentType) {
            create("{\"id\":\"doc-1\",\"a\":1}");

            HttpResponse response = send(request("PATCH", "/metadata/doc-1").ifMatch("\"1\"")
                    .body(contentType, "{\"a\":2}"));

            assertProblem(response, 415, "unsupported-media-type", "/metadata/doc-1");
            assertThat(response.headers()).containsEntry("Accept-Patch", "application/merge-patch+json");
            assertThat(body(send(request("GET", "/metadata/doc-1"))).get("a").intValue()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", " application/json ;q=1"})
        void create_acceptsMediaTypeParametersAndAnyCase(String contentType) {
            HttpResponse response = send(request("POST", "/metadata").body(contentType, "{\"id\":\"doc-1\"}"));

            assertThat(response.status()).isEqualTo(201);
        }

        @Test
        void create_withABodyOverTheLimit_returns413() {
            String body = "{\"pad\":\"" + "x".repeat(MAX_BODY_BYTES - 9) + "\"}";
            assertThat(body.getBytes(UTF_8)).hasSize(MAX_BODY_BYTES + 1);

            HttpResponse response = send(request("POST", "/metadata").json(body));

            assertProblem(response, 413, "payload-too-large", "/metadata");
            assertThat(listedIds(TENANT)).isEmpty();
        }

        @Test
        void create_withABodyExactlyAtTheLimit_isAccepted() {
            String body = "{\"pad\":\"" + "x".repeat(MAX_BODY_BYTES - 10) + "\"}";
            assertThat(body.getBytes(UTF_8)).hasSize(MAX_BODY_BYTES);

            assertThat(send(request("POST", "/metadata").json(body)).status()).isEqualTo(201);
        }

        @Test
        void patch_withABodyOverTheLimit_returns413() {
            create("{\"id\":\"doc-1\"}");
            byte[] body = new byte[MAX_BODY_BYTES + 1];

            HttpResponse response = send(request("PATCH", "/metadata/doc-1").ifMatch("\"1\"")
                    .body("application/merge-patch+json", body));

            assertProblem(response, 413, "payload-too-large", "/metadata/doc-1");
        }

        static Stream<Arguments> invalidCreateBodies() {
            return Stream.of(
                    Arguments.of("malformed", "{\"a\":"),
                    Arguments.of("not JSON", "hello"),
                    Arguments.of("unquoted key", "{a:1}"),
                    Arguments.of("empty", ""),
                    Arguments.of("whitespace only", "  \n "),
                    Arguments.of("array", "[{\"a\":1}]"),
                    Arguments.of("string", "\"text\""),
                    Arguments.of("number", "42"),
                    Arguments.of("null", "null"),
                    Arguments.of("boolean", "true"),
                    Arguments.of("trailing tokens", "{\"a\":1} {\"b\":2}"),
                    Arguments.of("duplicate key", "{\"a\":1,\"a\":2}"),
                    Arguments.of("nested duplicate key", "{\"o\":{\"k\":1,\"k\":1}}"),
                    Arguments.of("duplicate id", "{\"id\":\"doc-1\",\"id\":\"doc-2\"}"),
                    Arguments.of("nesting 33 deep", nested(33)),
                    Arguments.of("page not a string", "{\"page\":5}"),
                    Arguments.of("page an object", "{\"page\":{\"name\":\"home\"}}"),
                    Arguments.of("empty page", "{\"page\":\"\"}"),
                    Arguments.of("id not a string", "{\"id\":5}"),
                    Arguments.of("id with a dot", "{\"id\":\"doc.1\"}"),
                    Arguments.of("id too long", "{\"id\":\"" + "a".repeat(129) + "\"}"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("invalidCreateBodies")
        void create_withAnInvalidBody_returns400_andStoresNothing(String name, String body) {
            HttpResponse response = send(request("POST", "/metadata").json(body));

            assertProblem(response, 400, "invalid-request", "/metadata");
            assertNoStore(response);
            assertThat(listedIds(TENANT)).isEmpty();
        }

        @Test
        void create_withNesting32Deep_isAccepted() {
            HttpResponse response = send(request("POST", "/metadata").json(nested(32)));

            assertThat(response.status()).isEqualTo(201);
            assertThat(body(response).at("/a".repeat(31) + "/leaf").booleanValue()).isTrue();
        }

        @Test
        void malformedJson_saysWhereItBroke_withoutEchoingTheBody() {
            HttpResponse response = send(request("POST", "/metadata").json("{\n\"secret-value\": }"));

            JsonNode problem = assertProblem(response, 400, "invalid-request", "/metadata");
            assertThat(problem.get("detail").textValue()).contains("line 2").doesNotContain("secret-value");
        }

        @Test
        void replace_withAnInvalidBody_returns400_andChangesNothing() {
            create("{\"id\":\"doc-1\",\"a\":1}");

            assertProblem(send(request("PUT", "/metadata/doc-1").ifMatch("\"1\"").json("[1]")), 400,
                    "invalid-request", "/metadata/doc-1");
            assertProblem(send(request("PUT", "/metadata/doc-1").ifMatch("\"1\"").json("{\"id\":\"doc-2\"}")),
                    400, "invalid-request", "/metadata/doc-1");
            assertProblem(send(request("PUT", "/metadata/doc-1").ifMatch("\"1\"").json(nested(33))), 400,
                    "invalid-request", "/metadata/doc-1");
            assertThat(body(send(request("GET", "/metadata/doc-1"))).get("version").intValue()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1]", "\"x\"", "null", "{\"page\":3}", "{\"page\":\"\"}", "{\"id\":\"other\"}",
                "{\"a\":1,\"a\":1}", ""})
        void patch_withAnInvalidBody_returns400_andChangesNothing(String patch) {
            create("{\"id\":\"doc-1\",\"page\":\"home\"}");

            HttpResponse response = send(request("PATCH", "/metadata/doc-1").ifMatch("\"1\"").mergePatch(patch));

            assertProblem(response, 400, "invalid-request", "/metadata/doc-1");
            JsonNode stored = body(send(request("GET", "/metadata/doc-1")));
            assertThat(stored.get("version").intValue()).isEqualTo(1);
            assertThat(stored.get("page").textValue()).isEqualTo("home");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/metadata/doc.1", "/metadata/", "/metadata/a%20b", "/metadata/doc:1",
                "/metadata/%C3%A4"})
        void item_withAnInvalidId_returns400(String path) {
            assertProblem(send(request("GET", path)), 400, "invalid-request", path);
            assertProblem(send(request("DELETE", path).ifMatch("*")), 400, "invalid-request", path);
        }

        @Test
        void item_withA129CharacterId_returns400() {
            String path = "/metadata/" + "a".repeat(129);

            assertProblem(send(request("GET", path)), 400, "invalid-request", path);
        }
    }

    static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{\"leaf\":true}" + "}".repeat(depth - 1);
    }

    // ---- create and read -----------------------------------------------------------------------------------

    @Nested
    class CreateAndRead {
        @Test
        void create_returns201WithLocationETagAndTheDocument() {
            HttpResponse response = send(request("POST", "/metadata")
                    .json("{\"id\":\"render-1\",\"page\":\"home\",\"layout\":{\"columns\":3},\"version\":9}"));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.headers())
                    .containsEntry("Location", "/metadata/render-1")
                    .containsEntry("ETag", "\"1\"")
                    .containsEntry("Content-Type", "application/json");
            assertSecurityHeaders(response);
            assertNoStore(response);
            assertThat(new String(response.body(), UTF_8)).isEqualTo("{\"id\":\"render-1\",\"page\":\"home\","
                    + "\"layout\":{\"columns\":3},\"version\":1,\"createdAt\":\"2026-11-29T13:51:36.123Z\","
                    + "\"updatedAt\":\"2026-11-29T13:51:36.123Z\"}");
        }

        @Test
        void create_withoutAnId_generatesOne_andPointsLocationAtIt() {
            HttpResponse response = create("{\"page\":\"home\"}");

            String id = body(response).get("id").textValue();
            assertThat(id).matches(UUID_V4);
            assertThat(response.headers()).containsEntry("Location", "/metadata/" + id);
            assertThat(send(request("GET", "/metadata/" + id)).status()).isEqualTo(200);
        }

        @Test
        void create_keepsNumbersExactly() {
            String numbers = "\"big\":12345678901234567890123,\"huge\":1E+400,\"tenth\":0.1,\"price\":10.50";

            create("{\"id\":\"doc-1\"," + numbers + "}");

            String stored = new String(send(request("GET", "/metadata/doc-1")).body(), UTF_8);
            assertThat(stored).contains(numbers);
        }

        @Test
        void create_withAnExistingId_returns409_andKeepsTheDocument() {
            create("{\"id\":\"doc-1\",\"a\":1}");

            HttpResponse response = send(request("POST", "/metadata").json("{\"id\":\"doc-1\",\"a\":2}"));

            assertProblem(response, 409, "conflict", "/metadata");
            assertThat(body(send(request("GET", "/metadata/doc-1"))).get("a").intValue()).isEqualTo(1);
        }

        @Test
        void get_returnsTheDocumentWithItsETag() {
            create("{\"id\":\"doc-1\",\"a\":1}");

            HttpResponse response = send(request("GET", "/metadata/doc-1"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("ETag", "\"1\"")
                    .containsEntry("Content-Type", "application/json");
            assertNoStore(response);
            assertSecurityHeaders(response);
            assertThat(body(response).get("a").intValue()).isEqualTo(1);
            assertThat(body(response).get("id").textValue()).isEqualTo("doc-1");
        }

        @Test
        void get_ofAMissingDocument_returns404() {
            assertProblem(send(request("GET", "/metadata/nothing-here")), 404, "not-found", "/metadata/nothing-here");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"1\"", "*", "W/\"1\"", "\"0\", \"1\"", " \"7\",W/\"1\" "})
        void get_withAMatchingIfNoneMatch_returns304WithoutBody(String ifNoneMatch) {
            create("{\"id\":\"doc-1\"}");

            HttpResponse response = send(request("GET", "/metadata/doc-1").header("If-None-Match", ifNoneMatch));

            assertThat(response.status()).isEqualTo(304);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers()).containsEntry("ETag", "\"1\"").doesNotContainKey("Content-Type");
            assertSecurityHeaders(response);
            assertNoStore(response);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"2\"", "W/\"2\"", "\"1 \"", "1"})
        void get_withAnotherIfNoneMatch_returns200(String ifNoneMatch) {
            create("{\"id\":\"doc-1\"}");

            HttpResponse response = send(request("GET", "/metadata/doc-1").header("If-None-Match", ifNoneMatch));

            assertThat(response.status()).isEqualTo(200);
            assertThat(body(response).get("id").textValue()).isEqualTo("doc-1");
        }

        @Test
        void get_withIfNoneMatch_ofAMissingDocument_returns404() {
            assertProblem(send(request("GET", "/metadata/doc-1").header("If-None-Match", "*")), 404, "not-found",
                    "/metadata/doc-1");
        }
    }

    // ---- writes and preconditions --------------------------------------------------------------------------

    @Nested
    class Writes {
        @Test
        void replace_withTheCurrentETag_returns200WithTheNextVersion() {
            create("{\"id\":\"doc-1\",\"a\":1,\"b\":2}");
            clock.advance(Duration.ofSeconds(2));

            HttpResponse response = send(request("PUT", "/metadata/doc-1").ifMatch("\"1\"")
                    .json("{\"id\":\"doc-1\",\"c\":3}"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("ETag", "\"2\"");
            assertNoStore(response);
            assertThat(new String(response.body(), UTF_8)).isEqualTo("{\"id\":\"doc-1\",\"c\":3,\"version\":2,"
                    + "\"createdAt\":\"2026-11-29T13:51:36.123Z\",\"updatedAt\":\"2026-11-29T13:51:38.123Z\"}");
            assertThat(body(send(request("GET", "/metadata/doc-1"))).get("version").intValue()).isEqualTo(2);
        }

        @Test
        void patch_mergesTheChanges_andRemovesFieldsSetToNull() {
            create("{\"id\":\"doc-1\",\"page\":\"home\",\"layout\":{\"columns\":3,\"rows\":2},\"drop\":true}");

            HttpResponse response = send(request("PATCH", "/metadata/doc-1").ifMatch("\"1\"")
                    .mergePatch("{\"layout\":{\"rows\":null,\"gap\":4},\"drop\":null,\"theme\":\"dark\"}"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("ETag", "\"2\"");
            JsonNode stored = body(send(request("GET", "/metadata/doc-1")));
            assertThat(stored.has("drop")).isFalse();
            assertThat(stored.get("layout").toString()).isEqualTo("{\"columns\":3,\"gap\":4}");
            assertThat(stored.get("theme").textValue()).isEqualTo("dark");
            assertThat(stored.get("page").textValue()).isEqualTo("home");
        }

        @Test
        void patch_acceptsMergePatchWithACharset() {
            create("{\"id\":\"doc-1\"}");

            HttpResponse response = send(request("PATCH", "/metadata/doc-1").ifMatch("*")
                    .body("application/merge-patch+json; charset=utf-8", "{\"a\":1}"));

            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void delete_returns204_thenTheDocumentIsGone() {
            create("{\"id\":\"doc-1\"}");

            HttpResponse response = send(request("DELETE", "/metadata/doc-1").ifMatch("\"1\""));

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertSecurityHeaders(response);
            assertNoStore(response);
            assertProblem(send(request("GET", "/metadata/doc-1")), 404, "not-found", "/metadata/doc-1");
            assertProblem(send(request("DELETE", "/metadata/doc-1").ifMatch("*")), 404, "not-found",
                    "/metadata/doc-1");
            assertThat(listedIds(TENANT)).isEmpty();
        }

        @Test
        void create_afterDelete_returns201WithTheNextVersion() {
            create("{\"id\":\"doc-1\"}");
            send(request("DELETE", "/metadata/doc-1").ifMatch("\"1\""));

            HttpResponse response = create("{\"id\":\"doc-1\",\"again\":true}");

            assertThat(response.headers()).containsEntry("ETag", "\"3\"");
            assertThat(body(response).get("version").intValue()).isEqualTo(3);
        }

        static Stream<Arguments> writes() {
            return Stream.of(
                    Arguments.of("PUT", "application/json", "{\"a\":9}"),
                    Arguments.of("PATCH", "application/merge-patch+json", "{\"a\":9}"),
                    Arguments.of("DELETE", null, ""));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("writes")
        void write_withoutIfMatch_returns428_andChangesNothing(String method, String type, String body) {
            create("{\"id\":\"doc-1\",\"a\":1}");

            HttpResponse response = send(request(method, "/metadata/doc-1").body(type, body));

            assertProblem(response, 428, "precondition-required", "/metadata/doc-1");
            assertThat(body(send(request("GET", "/metadata/doc-1"))).get("a").intValue()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("writes")
        void write_withoutIfMatch_onAMissingDocument_returns404Not428(String method, String type, String body) {
            HttpResponse response = send(request(method, "/metadata/doc-1").body(type, body));

            assertProblem(response, 404, "not-found", "/metadata/doc-1");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("writes")
        void write_withAStaleIfMatch_returns412_andChangesNothing(String method, String type, String body) {
            // GIVEN a document at version 2
            create("{\"id\":\"doc-1\",\"a\":1}");
            send(request("PATCH", "/metadata/doc-1").ifMatch("\"1\"").mergePatch("{\"a\":2}"));

            // WHEN a write comes with the tag of version 1
            HttpResponse response = send(request(method, "/metadata/doc-1").ifMatch("\"1\"").body(type, body));

            // THEN
            JsonNode problem = assertProblem(response, 412, "precondition-failed", "/metadata/doc-1");
            assertThat(problem.get("detail").textValue()).contains("\"2\"");
            JsonNode stored = body(send(request("GET", "/metadata/doc-1")));
            assertThat(stored.get("version").intValue()).isEqualTo(2);
            assertThat(stored.get("a").intValue()).isEqualTo(2);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("writes")
        void write_withAWeakIfMatch_returns412(String method, String type, String body) {
            create("{\"id\":\"doc-1\",\"a\":1}");

            HttpResponse response = send(request(method, "/metadata/doc-1").ifMatch("W/\"1\"").body(type, body));

            assertProblem(response, 412, "precondition-failed", "/metadata/doc-1");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("writes")
        void write_withAMalformedIfMatch_returns400(String method, String type, String body) {
            create("{\"id\":\"doc-1\",\"a\":1}");

            HttpResponse response = send(request(method, "/metadata/doc-1").ifMatch("1").body(type, body));

            assertProblem(response, 400, "invalid-request", "/metadata/doc-1");
            assertThat(body(send(request("GET", "/metadata/doc-1"))).get("version").intValue()).isEqualTo(1);
        }
    }

    // ---- listing -------------------------------------------------------------------------------------------

    @Nested
    class Listing {
        @Test
        void list_ofNothing_returnsNoItemsAndANullCursor() {
            HttpResponse response = send(request("GET", "/metadata"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("Content-Type", "application/json");
            assertNoStore(response);
            assertThat(body(response).toString()).isEqualTo("{\"items\":[],\"nextCursor\":null}");
        }

        @Test
        void list_pagesThroughEveryDocument_followingNextCursor() {
            // GIVEN five documents
            for (String id : List.of("e", "c", "a", "d", "b")) {
                create("{\"id\":\"" + id + "\",\"n\":1}");
            }

            // WHEN following the cursors two at a time
            List<List<String>> pages = new ArrayList<>();
            String cursor = null;
            do {
                Request request = request("GET", "/metadata").query("limit", "2");
                if (cursor != null) {
                    request.query("cursor", cursor);
                }
                JsonNode page = body(send(request));
                List<String> ids = new ArrayList<>();
                page.get("items").forEach(item -> ids.add(item.get("id").textValue()));
                pages.add(ids);
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").textValue();
            } while (cursor != null && pages.size() < 10);

            // THEN
            assertThat(pages).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        }

        @Test
        void list_itemsAreRenderedDocuments() {
            create("{\"id\":\"doc-1\",\"page\":\"home\"}");

            JsonNode item = body(send(request("GET", "/metadata"))).get("items").get(0);

            assertThat(item.toString()).isEqualTo("{\"id\":\"doc-1\",\"page\":\"home\",\"version\":1,"
                    + "\"createdAt\":\"2026-11-29T13:51:36.123Z\",\"updatedAt\":\"2026-11-29T13:51:36.123Z\"}");
        }

        @Test
        void list_defaultsTo20Items() {
            for (int i = 0; i < 21; i++) {
                create("{\"id\":\"doc-" + (100 + i) + "\"}");
            }

            JsonNode page = body(send(request("GET", "/metadata")));

            assertThat(page.get("items")).hasSize(20);
            assertThat(page.get("nextCursor").isTextual()).isTrue();
        }

        @Test
        void list_filtersByPage() {
            create("{\"id\":\"a\",\"page\":\"home\"}");
            create("{\"id\":\"b\",\"page\":\"about\"}");
            create("{\"id\":\"c\",\"page\":\"home\"}");
            create("{\"id\":\"d\"}");

            JsonNode page = body(send(request("GET", "/metadata").query("page", "home")));

            List<String> ids = new ArrayList<>();
            page.get("items").forEach(item -> ids.add(item.get("id").textValue()));
            assertThat(ids).containsExactly("a", "c");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "0", "101", "-1", "", "1.5", " 5", "99999999999"})
        void list_withABadLimit_returns400(String limit) {
            assertProblem(send(request("GET", "/metadata").query("limit", limit)), 400, "invalid-request",
                    "/metadata");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "100"})
        void list_acceptsLimitsAtTheBounds(String limit) {
            assertThat(send(request("GET", "/metadata").query("limit", limit)).status()).isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"garbage", "", "a.b", "YQ.YQ"})
        void list_withABadCursor_returns400(String cursor) {
            assertProblem(send(request("GET", "/metadata").query("cursor", cursor)), 400, "invalid-request",
                    "/metadata");
        }

        @Test
        void list_withAnEmptyPage_returns400() {
            assertProblem(send(request("GET", "/metadata").query("page", "")), 400, "invalid-request", "/metadata");
        }

        @Test
        void list_withACursorOfAnotherTenant_returns400() {
            // GIVEN a cursor issued to the first tenant
            create("{\"id\":\"a\"}");
            create("{\"id\":\"b\"}");
            String cursor = body(send(request("GET", "/metadata").query("limit", "1"))).get("nextCursor").textValue();

            // WHEN another tenant presents it
            HttpResponse response = send(request("GET", "/metadata").as(OTHER_TENANT).query("cursor", cursor));

            // THEN
            assertProblem(response, 400, "invalid-request", "/metadata");
        }

        @Test
        void list_withACursorOfAnotherPage_returns400() {
            create("{\"id\":\"a\",\"page\":\"home\"}");
            create("{\"id\":\"b\",\"page\":\"home\"}");
            String cursor = body(send(request("GET", "/metadata").query("limit", "1").query("page", "home")))
                    .get("nextCursor").textValue();

            HttpResponse response = send(request("GET", "/metadata").query("page", "about").query("cursor", cursor));

            assertProblem(response, 400, "invalid-request", "/metadata");
        }
    }

    // ---- server-side failures ------------------------------------------------------------------------------

    /** A storage port that fails every call with the given failure. */
    private record FailingRepository(RuntimeException failure) implements DocumentRepository {
        @Override
        public Optional<DocumentVersion> findHead(TenantId tenant, DocumentId id) {
            throw failure;
        }

        @Override
        public Optional<DocumentVersion> findLatestVersion(TenantId tenant, DocumentId id) {
            throw failure;
        }

        @Override
        public void append(DocumentVersion version) {
            throw failure;
        }

        @Override
        public void project(DocumentVersion version) {
            throw failure;
        }

        @Override
        public Slice<DocumentVersion> listHeads(TenantId tenant, Optional<String> page, int limit,
                Optional<String> after) {
            throw failure;
        }

        @Override
        public Optional<DocumentVersion> findVersion(TenantId tenant, DocumentId id, long version) {
            throw failure;
        }

        @Override
        public Slice<io.metadatamanager.core.VersionSummary> listVersions(TenantId tenant, DocumentId id, int limit,
                Optional<String> after) {
            throw failure;
        }

        @Override
        public void deleteVersions(TenantId tenant, DocumentId id, java.util.List<Long> versions) {
            throw failure;
        }

        @Override
        public void forEachDocument(java.util.function.Consumer<io.metadatamanager.core.DocumentRef> visitor) {
            throw failure;
        }

        @Override
        public void forEachVersion(java.util.function.Consumer<DocumentVersion> visitor) {
            throw failure;
        }
    }

    @Nested
    class ServerFailures {
        @Test
        void unavailableStorage_returns503WithRetryAfter() {
            Api failing = apiOver(new FailingRepository(
                    new StorageUnavailableException("the table cannot be reached", new RuntimeException("timeout"))));

            Api.Exchange exchange = failing.handle(request("GET", "/metadata/doc-1").build());

            assertProblem(exchange.response(), 503, "unavailable", "/metadata/doc-1");
            assertThat(exchange.response().headers()).containsEntry("Retry-After", "1");
            assertNoStore(exchange.response());
            assertThat(exchange.serverFailure()).isInstanceOf(StorageUnavailableException.class);
        }

        @Test
        void unexpectedFailure_returns500_thatRevealsNothing() {
            Api failing = apiOver(new FailingRepository(new IllegalStateException("table secret-table is corrupt")));

            Api.Exchange exchange = failing.handle(request("POST", "/metadata").json("{\"id\":\"doc-1\"}").build());

            JsonNode problem = assertProblem(exchange.response(), 500, "internal", "/metadata");
            assertThat(problem.get("detail").textValue()).doesNotContain("secret-table").contains("request id");
            assertThat(exchange.serverFailure()).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void clientErrors_areNotReportedAsServerFailures() {
            Api.Exchange exchange = api.handle(request("GET", "/metadata/missing").build());

            assertThat(exchange.response().status()).isEqualTo(404);
            assertThat(exchange.serverFailure()).isNull();
        }

        @Test
        void failure_outsideHandle_isASecured500Problem() {
            HttpResponse response = api.failure(new RuntimeException("boom"), "/metadata", REQUEST_ID);

            JsonNode problem = assertProblem(response, 500, "internal", "/metadata");
            assertThat(problem.get("detail").textValue()).doesNotContain("boom");
            assertNoStore(response);
        }
    }
}
