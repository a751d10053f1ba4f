package io.metadatamanager.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.lambda.ApiGatewayEvents.Event;
import io.metadatamanager.lambda.ApiGatewayEvents.PayloadVersion;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiGatewayEventsTest {
    private static final String SUB = "7f3c9a2e-5b1d-4e8f-a6c0-3d2b1e9f8a7c";
    private static final Json JSON = new Json();

    private final ApiGatewayEvents events = new ApiGatewayEvents(JSON);

    private HttpRequest read(JsonNode event) {
        return events.read(event).request();
    }

    @Nested
    class RestApiPayload1 {
        @Test
        void read_takesMethodPathBodyRequestIdAndClaims() {
            Event event = events.read(Fixtures.event("rest-v1-create.json"));
            HttpRequest request = event.request();

            assertThat(event.version()).isEqualTo(PayloadVersion.V1);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/metadata");
            assertThat(request.requestId()).isEqualTo("0a7e1f2c-1111-4a5b-9c8d-000000000002");
            assertThat(request.claims()).containsEntry("sub", SUB)
                    .containsEntry("client_id", "4k2n8q1r7s3t9u5v0w6x2y8z1a")
                    .containsEntry("token_use", "access");
            assertThat(new String(request.body(), UTF_8)).startsWith("{\"id\":\"render-1\",")
                    .endsWith("\"budget\":12345678901234567890123}");
        }

        @Test
        void read_lowerCasesHeaderNames() {
            HttpRequest request = read(Fixtures.event("rest-v1-create.json"));

            assertThat(request.header("content-type")).isEqualTo("application/json; charset=utf-8");
            assertThat(request.header("x-forwarded-proto")).isEqualTo("https");
            assertThat(request.headers().keySet()).allSatisfy(name -> assertThat(name).isLowerCase());
            assertThat(request.header("Content-Type")).isNull();
        }

        @Test
        void read_usesThePathWithoutTheStage() {
            ObjectNode event = Fixtures.event("rest-v1-get.json");
            assertThat(event.at("/requestContext/path").asText()).isEqualTo("/prod/metadata/render-1");

            assertThat(read(event).path()).isEqualTo("/metadata/render-1");
            assertThat(read(event).basePath()).isEqualTo("/prod");
        }

        @Test
        void read_keepsACustomDomainsBasePath_andNoneAtTheRoot() {
            ObjectNode event = Fixtures.event("rest-v1-get.json");
            ((ObjectNode) event.get("requestContext")).put("path", "/config/v1/metadata/render-1");
            assertThat(read(event).basePath()).isEqualTo("/config/v1");

            ((ObjectNode) event.get("requestContext")).put("path", "/metadata/render-1");
            assertThat(read(event).basePath()).isEmpty();
        }

        @Test
        void read_joinsRepeatedHeaderLinesWithCommaSpace() {
            HttpRequest request = read(Fixtures.event("rest-v1-list-repeated.json"));

            assertThat(request.header("accept-language")).isEqualTo("en-GB, fr;q=0.5");
            assertThat(request.header("x-custom-trace")).isEqualTo("first, second, third");
            assertThat(request.header("accept")).isEqualTo("application/json");
        }

        @Test
        void read_keepsTheLastValueOfARepeatedQueryParameter() {
            ObjectNode event = Fixtures.event("rest-v1-list-repeated.json");
            assertThat(event.at("/multiValueQueryStringParameters/limit").toString()).isEqualTo("[\"1\",\"5\"]");

            HttpRequest request = read(event);

            assertThat(request.query()).containsExactlyInAnyOrderEntriesOf(Map.of("limit", "5", "page", "home"));
        }

        @Test
        void read_keepsTheLastValue_evenWhenOnlyTheMultiValueMapHasIt() {
            ObjectNode event = Fixtures.event("rest-v1-list-repeated.json");
            event.putNull("queryStringParameters");
            event.putObject("multiValueQueryStringParameters").putArray("cursor").add("first").add("last");

            assertThat(read(event).query()).containsExactlyEntriesOf(Map.of("cursor", "last"));
        }

        @Test
        void read_decodesABase64Body() {
            HttpRequest request = read(Fixtures.event("rest-v1-patch-base64.json"));

            assertThat(new String(request.body(), UTF_8))
                    .isEqualTo("{\"layout\":{\"columns\":null,\"rows\":2},\"theme\":\"dark\"}");
            assertThat(request.header("if-match")).isEqualTo("\"2\"");
        }

        @Test
        void read_treatsNullHeadersQueryBodyAndAMissingAuthorizerAsEmpty() {
            HttpRequest request = read(Fixtures.event("rest-v1-health.json"));

            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/health");
            assertThat(request.headers()).isEmpty();
            assertThat(request.query()).isEmpty();
            assertThat(request.body()).isEmpty();
            assertThat(request.claims()).isEmpty();
        }

        @Test
        void read_upperCasesTheMethod() {
            ObjectNode event = Fixtures.event("rest-v1-get.json");
            event.put("httpMethod", "get");

            assertThat(read(event).method()).isEqualTo("GET");
        }

        @Test
        void read_rejectsABodyThatIsNotBase64() {
            assertThatThrownBy(() -> events.read(Fixtures.event("rest-v1-bad-base64.json")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("base64");
        }
    }

    @Nested
    class HttpApiPayload2 {
        @Test
        void read_stripsTheStagePrefix_andTakesTheJwtClaims() {
            Event event = events.read(Fixtures.event("http-v2-get.json"));
            HttpRequest request = event.request();

            assertThat(event.version()).isEqualTo(PayloadVersion.V2);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/metadata/render-2");
            assertThat(request.requestId()).isEqualTo("Ux2aCjZ5joEEJ9Q=");
            assertThat(request.claims()).containsEntry("sub", SUB).containsEntry("scope",
                    "metadata/read metadata/write");
            assertThat(request.header("authorization")).startsWith("Bearer ");
            assertThat(request.body()).isEmpty();
        }

        @Test
        void read_takesTheBody() {
            HttpRequest request = read(Fixtures.event("http-v2-create.json"));

            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/metadata");
            assertThat(new String(request.body(), UTF_8))
                    .isEqualTo("{\"id\":\"render-2\",\"page\":\"about\",\"title\":\"Über uns\"}");
            assertThat(request.header("content-type")).isEqualTo("application/json");
        }

        @Test
        void read_decodesABase64Body() {
            HttpRequest request = read(Fixtures.event("http-v2-patch-base64.json"));

            assertThat(new String(request.body(), UTF_8)).isEqualTo("{\"title\":null,\"subtitle\":\"Team\"}");
        }

        @Test
        void read_keepsThePathOnTheDefaultStage() {
            assertThat(read(Fixtures.event("http-v2-default-stage.json")).path()).isEqualTo("/metadata/render-2");
        }

        @Test
        void read_turnsAPathThatIsOnlyTheStageIntoTheRoot() {
            ObjectNode event = Fixtures.event("http-v2-get.json");
            event.put("rawPath", "/prod");

            assertThat(read(event).path()).isEqualTo("/");
        }

        @Test
        void read_stripsOnlyAWholeStageSegment() {
            ObjectNode event = Fixtures.event("http-v2-get.json");
            event.put("rawPath", "/production/metadata");

            assertThat(read(event).path()).isEqualTo("/production/metadata");
        }

        @Test
        void read_lowerCasesHeaderNames() {
            ObjectNode event = Fixtures.event("http-v2-get.json");
            ((ObjectNode) event.get("headers")).put("If-None-Match", "\"1\"");

            assertThat(read(event).header("if-none-match")).isEqualTo("\"1\"");
        }

        @Test
        void read_keepsTheLastValueOfARepeatedQueryParameter() {
            // GIVEN ?limit=5&page=about&limit=1, which API Gateway also passes as {"limit":"5,1"}
            ObjectNode event = Fixtures.event("http-v2-list-repeated.json");

            // WHEN
            HttpRequest request = read(event);

            // THEN
            assertThat(request.query()).containsExactlyInAnyOrderEntriesOf(Map.of("limit", "1", "page", "about"));
        }

        @Test
        void read_decodesPercentEncodedQueryParameters() {
            ObjectNode event = Fixtures.event("http-v2-list-repeated.json");
            event.put("rawQueryString", "page=caf%C3%A9%20menu&cursor=a%2Bb.c");
            event.putObject("queryStringParameters").put("page", "café menu").put("cursor", "a+b.c");

            assertThat(read(event).query())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("page", "café menu", "cursor", "a+b.c"));
        }

        @Test
        void read_keepsACommaInASingleQueryValue() {
            ObjectNode event = Fixtures.event("http-v2-list-repeated.json");
            event.put("rawQueryString", "page=a%2Cb");
            event.putObject("queryStringParameters").put("page", "a,b");

            assertThat(read(event).query()).containsExactlyEntriesOf(Map.of("page", "a,b"));
        }

        @Test
        void read_givesAParameterWithoutValueTheEmptyString() {
            ObjectNode event = Fixtures.event("http-v2-list-repeated.json");
            event.put("rawQueryString", "page=home&flag");
            event.putObject("queryStringParameters").put("page", "home").put("flag", "");

            assertThat(read(event).query()).containsExactlyInAnyOrderEntriesOf(Map.of("page", "home", "flag", ""));
        }

        @Test
        void read_keepsTheParsedValue_whenTheRawPairCannotBeDecoded() {
            ObjectNode event = Fixtures.event("http-v2-list-repeated.json");
            event.put("rawQueryString", "page=100%&limit=5");
            event.putObject("queryStringParameters").put("page", "100%").put("limit", "5");

            assertThat(read(event).query()).containsExactlyInAnyOrderEntriesOf(Map.of("page", "100%", "limit", "5"));
        }

        @Test
        void read_usesTheParsedParameters_whenThereIsNoRawQueryString() {
            ObjectNode event = Fixtures.event("http-v2-list-repeated.json");
            event.remove("rawQueryString");

            assertThat(read(event).query()).containsEntry("page", "about");
        }
    }

    @Nested
    class NotAnEvent {
        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"text\"", "42", "null", "{}", "{\"key1\":\"value1\",\"key2\":\"value2\"}"})
        void read_rejectsJsonThatIsNoProxyEvent(String json) throws Exception {
            JsonNode node = JSON.readTree(json);

            assertThatThrownBy(() -> events.read(node)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void read_rejectsAV1EventWithoutMethod() {
            ObjectNode event = Fixtures.event("rest-v1-get.json");
            event.remove("httpMethod");

            assertThatThrownBy(() -> events.read(event)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void read_rejectsAV2EventWithoutPath() {
            ObjectNode event = Fixtures.event("http-v2-get.json");
            event.remove("rawPath");

            assertThatThrownBy(() -> events.read(event)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Responses {
        private JsonNode write(PayloadVersion version, HttpResponse response) throws Exception {
            return JSON.readTree(events.write(version, response));
        }

        @ParameterizedTest
        @EnumSource(PayloadVersion.class)
        void write_putsStatusHeadersAndTextBody(PayloadVersion version) throws Exception {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("ETag", "\"1\"");

            JsonNode out = write(version, new HttpResponse(201, headers, "{\"id\":\"ü\"}".getBytes(UTF_8)));

            assertThat(out.get("statusCode").isInt()).isTrue();
            assertThat(out.get("statusCode").intValue()).isEqualTo(201);
            assertThat(out.get("headers").toString())
                    .isEqualTo("{\"Content-Type\":\"application/json\",\"ETag\":\"\\\"1\\\"\"}");
            assertThat(out.get("body").textValue()).isEqualTo("{\"id\":\"ü\"}");
            assertThat(out.get("isBase64Encoded").booleanValue()).isFalse();
        }

        @Test
        void write_encodesABinaryBodyAsBase64() throws Exception {
            byte[] bytes = {0, (byte) 0xff, 0x10};

            JsonNode out = write(PayloadVersion.V1,
                    new HttpResponse(200, Map.of("Content-Type", "application/octet-stream"), bytes));

            assertThat(out.get("isBase64Encoded").booleanValue()).isTrue();
            assertThat(Base64.getDecoder().decode(out.get("body").textValue())).isEqualTo(bytes);
        }

        @Test
        void write_givesAnEmptyTextBodyForNoContent() throws Exception {
            JsonNode out = write(PayloadVersion.V2, new HttpResponse(204, Map.of(), new byte[0]));

            assertThat(out.get("statusCode").intValue()).isEqualTo(204);
            assertThat(out.get("body").textValue()).isEmpty();
            assertThat(out.get("isBase64Encoded").booleanValue()).isFalse();
        }

        @Test
        void write_keepsProblemJsonAsText() throws Exception {
            JsonNode out = write(PayloadVersion.V1, new HttpResponse(400,
                    Map.of("Content-Type", "application/problem+json"), "{\"status\":400}".getBytes(UTF_8)));

            assertThat(out.get("isBase64Encoded").booleanValue()).isFalse();
            assertThat(out.get("body").textValue()).isEqualTo("{\"status\":400}");
        }
    }

    /** The handler reads events from the stream, building only the parts it uses; it must read the same. */
    @Nested
    class FromTheStream {
        @ParameterizedTest
        @ValueSource(strings = {"rest-v1-create.json", "rest-v1-delete.json", "rest-v1-get.json",
                "rest-v1-get-if-none-match.json", "rest-v1-health.json", "rest-v1-list-repeated.json",
                "rest-v1-patch-base64.json", "rest-v1-replace.json", "rest-v1-unauthenticated.json",
                "http-v2-create.json", "http-v2-default-stage.json", "http-v2-get.json",
                "http-v2-list-repeated.json", "http-v2-patch-base64.json"})
        void read_givesWhatTheWholeDocumentGives(String fixture) throws Exception {
            Event whole = events.read(Fixtures.event(fixture));

            Event streamed = events.read(new java.io.ByteArrayInputStream(Fixtures.bytes(fixture)));

            assertThat(streamed.version()).isEqualTo(whole.version());
            HttpRequest expected = whole.request();
            HttpRequest actual = streamed.request();
            assertThat(actual.method()).isEqualTo(expected.method());
            assertThat(actual.path()).isEqualTo(expected.path());
            assertThat(actual.basePath()).isEqualTo(expected.basePath());
            assertThat(actual.headers()).isEqualTo(expected.headers());
            assertThat(actual.query()).isEqualTo(expected.query());
            assertThat(actual.claims()).isEqualTo(expected.claims()).isNotNull();
            assertThat(actual.requestId()).isEqualTo(expected.requestId());
            assertThat(actual.body()).isEqualTo(expected.body());
        }

        @Test
        void read_skipsWhatItDoesNotUse_evenWhenLarge() throws Exception {
            ObjectNode event = Fixtures.event("rest-v1-get.json");
            ObjectNode identity = ((ObjectNode) event.get("requestContext")).putObject("identity");
            for (int i = 0; i < 2_000; i++) {
                identity.putArray("f" + i).add(i).addObject().put("x", "y");
            }

            Event streamed = events.read(new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(event)));

            assertThat(streamed.request().path()).isEqualTo(events.read(event).request().path());
        }

        @Test
        void read_refusesADocumentThatIsNotJson() {
            assertThatThrownBy(() -> events.read(new java.io.ByteArrayInputStream("{\"path\":".getBytes(UTF_8))))
                    .isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> events.read(new java.io.ByteArrayInputStream("{} {}".getBytes(UTF_8))))
                    .isInstanceOf(java.io.IOException.class);
        }

        @Test
        void read_refusesAnEmptyStreamAsNoEvent() {
            assertThatThrownBy(() -> events.read(new java.io.ByteArrayInputStream(new byte[0])))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ResponseBodies {
        @Test
        void write_escapesWhatJsonStringsMustEscape() throws Exception {
            String body = "{\"s\":\"quote \\\" backslash \\\\ tab \t nl \n ctl \u0001 é 😀\"}";

            byte[] out = events.write(PayloadVersion.V1,
                    new HttpResponse(200, Map.of("Content-Type", "application/json"), body.getBytes(UTF_8)));

            assertThat(JSON.readTree(out).get("body").textValue()).isEqualTo(body);
        }
    }
}
