package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.RepositoryHome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the local runner (dynalite, table, gateway, handler) on a free port, driven over HTTP the way
 * the README's walk-through does it.
 */
class LocalServerIT {
    @TempDir
    static Path dataDir;

    private static LocalServer server;
    private static HttpClient http;
    private static String alice;
    private static String bob;
    private static final ObjectMapper JSON = JsonSupport.newMapper();

    @BeforeAll
    static void start() {
        server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, dataDir, true, Optional.empty(),
                "metadata", RepositoryHome.find()));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        LocalIdentity identity = LocalIdentity.loadOrCreate(dataDir);
        alice = identity.token("alice", LocalIdentity.CLIENT_ID, Duration.ofHours(1));
        bob = identity.token("bob", LocalIdentity.CLIENT_ID, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(String path, String token, String body) {
        return request(path, token).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void health_answersWithoutAToken() throws Exception {
        HttpResponse<String> response = send(request("/health", null).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void walkThrough_createReadUpdatePatchDelete() throws Exception {
        // create
        HttpResponse<String> created = send(post("/metadata", alice,
                "{\"id\":\"home\",\"page\":\"homepage\",\"layout\":\"grid\",\"theme\":\"dark\"}"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/metadata/home");
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(json(created).get("version").asLong()).isEqualTo(1);
        assertThat(json(created).get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        // create again: conflict
        assertThat(send(post("/metadata", alice, "{\"id\":\"home\"}")).statusCode()).isEqualTo(409);

        // read, then conditional read
        HttpResponse<String> read = send(request("/metadata/home", alice).GET());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("layout").asText()).isEqualTo("grid");
        HttpResponse<String> notModified = send(request("/metadata/home", alice).header("If-None-Match", "\"1\"").GET());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        // replace with If-Match; stale tag; no tag
        HttpResponse<String> replaced = send(request("/metadata/home", alice).header("Content-Type", "application/json")
                .header("If-Match", "\"1\"")
                .PUT(BodyPublishers.ofString("{\"page\":\"homepage\",\"layout\":\"list\",\"theme\":\"dark\",\"version\":99}")));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(json(replaced).get("version").asLong()).isEqualTo(2);
        HttpResponse<String> stale = send(request("/metadata/home", alice).header("Content-Type", "application/json")
                .header("If-Match", "\"1\"").PUT(BodyPublishers.ofString("{\"layout\":\"stale\"}")));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).contains("application/problem+json");
        HttpResponse<String> untagged = send(request("/metadata/home", alice).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"layout\":\"untagged\"}")));
        assertThat(untagged.statusCode()).isEqualTo(428);
        assertThat(json(send(request("/metadata/home", alice).GET())).get("layout").asText()).isEqualTo("list");

        // merge patch
        HttpResponse<String> patched = send(request("/metadata/home", alice)
                .header("Content-Type", "application/merge-patch+json").header("If-Match", "\"2\"")
                .method("PATCH", BodyPublishers.ofString("{\"theme\":null,\"banner\":{\"text\":\"sale\"}}")));
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode patchedBody = json(patched);
        assertThat(patchedBody.has("theme")).isFalse();
        assertThat(patchedBody.at("/banner/text").asText()).isEqualTo("sale");
        assertThat(patchedBody.get("layout").asText()).isEqualTo("list");
        assertThat(patchedBody.get("version").asLong()).isEqualTo(3);

        // delete, then 404
        HttpResponse<String> deleted = send(request("/metadata/home", alice).header("If-Match", "\"3\"").DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(send(request("/metadata/home", alice).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void listByPage_acrossPages_withCursorsBoundToTheTenant() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send(post("/metadata", alice, "{\"id\":\"card" + i + "\",\"page\":\"catalog\"}")).statusCode())
                    .isEqualTo(201);
        }
        assertThat(send(post("/metadata", alice, "{\"id\":\"other\",\"page\":\"checkout\"}")).statusCode())
                .isEqualTo(201);

        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/metadata?page=catalog&limit=2"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> page = send(request(path, alice).GET());
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json(page);
            body.get("items").forEach(item -> ids.add(item.get("id").asText()));
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
            if (pages == 0) {
                // another tenant cannot use alice's cursor
                HttpResponse<String> foreign = send(request("/metadata?page=catalog&limit=2&cursor="
                        + URLEncoder.encode(cursor, StandardCharsets.UTF_8), bob).GET());
                assertThat(foreign.statusCode()).isEqualTo(400);
                assertThat(foreign.body()).doesNotContain("card");
            }
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactly("card0", "card1", "card2", "card3", "card4");
    }

    @Test
    void tenants_seeOnlyTheirOwnDocuments() throws Exception {
        assertThat(send(post("/metadata", alice, "{\"id\":\"secret\",\"page\":\"private\"}")).statusCode())
                .isEqualTo(201);

        assertThat(send(request("/metadata/secret", bob).GET()).statusCode()).isEqualTo(404);
        assertThat(json(send(request("/metadata?page=private", bob).GET())).get("items")).isEmpty();
        HttpResponse<String> overwrite = send(request("/metadata/secret", bob).header("Content-Type", "application/json")
                .header("If-Match", "*").PUT(BodyPublishers.ofString("{\"page\":\"private\"}")));
        assertThat(overwrite.statusCode()).isEqualTo(404);
        assertThat(json(send(request("/metadata/secret", alice).GET())).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void badTokens_areRefusedWith401ProblemJson() throws Exception {
        LocalIdentity stranger = LocalIdentity.loadOrCreate(Files.createTempDirectory("stranger"));
        LocalIdentity ours = LocalIdentity.loadOrCreate(dataDir);
        List<String> headers = List.of(
                "",
                "Bearer",
                "Bearer not-a-jwt",
                "Basic YWxpY2U6c2VjcmV0",
                "Bearer " + stranger.token("alice", LocalIdentity.CLIENT_ID, Duration.ofHours(1)),
                "Bearer " + ours.token("alice", LocalIdentity.CLIENT_ID, Duration.ofSeconds(-60)),
                "Bearer " + ours.token("alice", "some-other-client", Duration.ofHours(1)),
                "Bearer " + alice.substring(0, alice.length() - 4) + "AAAA");
        for (String header : headers) {
            HttpRequest.Builder builder = request("/metadata", null).GET();
            if (!header.isEmpty()) {
                builder.header("Authorization", header);
            }
            HttpResponse<String> response = send(builder);

            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(json(response).get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void jwks_isServed_withThePublicKeyOnly() throws Exception {
        HttpResponse<String> response = send(request(LocalGateway.JWKS_PATH, null).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode key = json(response).get("keys").get(0);
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.has("d")).isFalse();
    }

    @Test
    void badInput_getsA4xxProblem_neverA5xx() throws Exception {
        List<HttpRequest.Builder> requests = List.of(
                post("/metadata", alice, "{not json"),
                post("/metadata", alice, "[1,2]"),
                post("/metadata", alice, "{\"id\":\"has space\"}"),
                post("/metadata", alice, "{\"page\":42}"),
                post("/metadata", alice, "{\"a\":1,\"a\":2}"),
                post("/metadata", alice, "[".repeat(40) + "]".repeat(40)),
                request("/metadata", alice).header("Content-Type", "text/plain").POST(BodyPublishers.ofString("{}")),
                request("/metadata?limit=abc", alice).GET(),
                request("/metadata?limit=101", alice).GET(),
                request("/metadata?cursor=forged.cursor", alice).GET(),
                request("/metadata/x", alice).method("POST", BodyPublishers.noBody()),
                request("/nothing/here", alice).GET());
        for (HttpRequest.Builder builder : requests) {
            HttpResponse<String> response = send(builder);

            assertThat(response.statusCode()).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aMalformedRequestTarget_is400() throws Exception {
        // java.net.http refuses to send such a URI, so speak HTTP/1.1 directly. The JDK's HTTP server answers
        // it before any handler runs (as API Gateway's front end would), so only the status is ours to check.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /metadata?a=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + alice + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aQueryParameterThatCannotBeDecoded_is400ProblemJson() throws Exception {
        HttpResponse<String> response = send(request("/metadata?page=%C3%28", alice).GET());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimit_is413() throws Exception {
        String big = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";

        HttpResponse<String> response = send(post("/metadata", alice, big));

        assertThat(response.statusCode()).isEqualTo(413);
    }
}
