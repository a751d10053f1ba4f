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
    void aPathStartingWithTwoSlashes_isThatPath_notAnotherOne() throws Exception {
        assertThat(send(post("/metadata", alice, "{\"id\":\"slashes\"}")).statusCode()).isEqualTo(201);

        // the JDK's server reads "//health/metadata/slashes" as authority "health" and path "/metadata/slashes"
        HttpResponse<String> response = send(request("//health/metadata/slashes", alice).GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).get("instance").asText()).isEqualTo("//health/metadata/slashes");
    }

    @Test
    void head_isAnsweredWithoutABody_andTheConnectionStaysUsable() throws Exception {
        // the JDK's server complains (and refuses the write) when a handler sends a body in reply to HEAD
        java.util.logging.Logger jdkServer = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
        List<String> complaints = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler listener = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    complaints.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jdkServer.addHandler(listener);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(("HEAD /metadata HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHeaders(in);

            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String next = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(head).startsWith("HTTP/1.1 200").doesNotContain("\"items\"");
            assertThat(next).as("the next request on the same connection").startsWith("HTTP/1.1 200")
                    .contains("\"status\":\"ok\"");
            assertThat(complaints).isEmpty();
        } finally {
            jdkServer.removeHandler(listener);
        }
    }

    @Test
    void aRefusalBeforeTheBodyWasRead_keepsTheConnectionUsable_orSaysItIsClosing() throws Exception {
        byte[] body = ("{\"blob\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(("POST /metadata HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            String refused = readHeaders(in);
            int length = Integer.parseInt(refused.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
            in.readNBytes(length);

            assertThat(refused).startsWith("HTTP/1.1 401");
            if (!refused.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close")) {
                // a client may send its next request on this connection
                out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as("the next request on a connection the server did not say it would close")
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Reads a response's status line and headers, up to the empty line. */
    private static String readHeaders(java.io.InputStream in) throws java.io.IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    @Test
    void aQueryParameterThatCannotBeDecoded_is400ProblemJson() throws Exception {
        HttpResponse<String> response = send(request("/metadata?page=%C3%28", alice).GET());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void history_rollback_undelete_andDiff() throws Exception {
        assertThat(send(post("/metadata", alice, "{\"id\":\"theme\",\"color\":\"red\"}")).statusCode()).isEqualTo(201);
        assertThat(send(request("/metadata/theme", alice).header("Content-Type", "application/merge-patch+json")
                .header("If-Match", "\"1\"").method("PATCH", BodyPublishers.ofString("{\"color\":\"blue\",\"font\":\"serif\"}")))
                .statusCode()).isEqualTo(200);
        assertThat(send(request("/metadata/theme", alice).header("If-Match", "\"2\"").DELETE()).statusCode())
                .isEqualTo(204);

        // history stays readable after delete, newest first, with actor, operation and size
        JsonNode history = json(send(request("/metadata/theme/versions", alice).GET()));
        assertThat(history.get("items")).hasSize(3);
        assertThat(history.at("/items/0/operation").asText()).isEqualTo("delete");
        assertThat(history.at("/items/1/operation").asText()).isEqualTo("patch");
        assertThat(history.at("/items/2/version").asLong()).isEqualTo(1);
        assertThat(history.at("/items/2/actor/sub").asText()).isEqualTo("alice");
        assertThat(history.at("/items/2/actor/clientId").asText()).isEqualTo(LocalIdentity.CLIENT_ID);
        assertThat(history.at("/items/2/size").asLong()).isPositive();
        assertThat(json(send(request("/metadata/theme/versions/1", alice).GET())).get("color").asText()).isEqualTo("red");

        // undelete to version 1: a new version 4 with version 1's content
        HttpResponse<String> restored = send(request("/metadata/theme/versions/1/restore", alice)
                .header("If-Match", "\"3\"").POST(BodyPublishers.noBody()));
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(restored.headers().firstValue("ETag")).contains("\"4\"");
        JsonNode current = json(send(request("/metadata/theme", alice).GET()));
        assertThat(current.get("color").asText()).isEqualTo("red");
        assertThat(current.get("version").asLong()).isEqualTo(4);
        assertThat(send(request("/metadata/theme/versions/2/restore", alice).header("If-Match", "\"3\"")
                .POST(BodyPublishers.noBody())).statusCode()).isEqualTo(412);

        // diff as RFC 6902
        HttpResponse<String> diff = send(request("/metadata/theme/diff?from=1&to=2", alice).GET());
        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(diff.headers().firstValue("Content-Type")).contains("application/json-patch+json");
        assertThat(json(diff).toString()).isEqualTo(
                "[{\"op\":\"replace\",\"path\":\"/color\",\"value\":\"blue\"},{\"op\":\"add\",\"path\":\"/font\",\"value\":\"serif\"}]");

        // another tenant sees none of it
        assertThat(send(request("/metadata/theme/versions", bob).GET()).statusCode()).isEqualTo(404);
        assertThat(send(request("/metadata/theme/versions/1", bob).GET()).statusCode()).isEqualTo(404);
        assertThat(send(request("/metadata/theme/versions/1/restore", bob).header("If-Match", "*")
                .POST(BodyPublishers.noBody())).statusCode()).isEqualTo(404);
        assertThat(send(request("/metadata/theme/diff?from=1&to=2", bob).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void aHundredParallelPostsWithOneIdempotencyKey_createOneDocument() throws Exception {
        String body = "{\"page\":\"idem\",\"banner\":\"once\"}";
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(http.sendAsync(post("/metadata", alice, body).header("Idempotency-Key", "order-42").build(),
                    BodyHandlers.ofString()));
        }
        java.util.Set<String> locations = new java.util.HashSet<>();
        for (var future : responses) {
            HttpResponse<String> response = future.get();
            assertThat(response.statusCode()).isIn(201, 409);
            response.headers().firstValue("Location").ifPresent(locations::add);
        }

        assertThat(locations).hasSize(1);
        assertThat(json(send(request("/metadata?page=idem", alice).GET())).get("items")).hasSize(1);
        HttpResponse<String> replay = send(post("/metadata", alice, body).header("Idempotency-Key", "order-42"));
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.headers().firstValue("Location")).contains(locations.iterator().next());
        HttpResponse<String> other = send(post("/metadata", alice, "{\"page\":\"idem\",\"banner\":\"twice\"}")
                .header("Idempotency-Key", "order-42"));
        assertThat(other.statusCode()).isEqualTo(422);
        // keys are per tenant
        assertThat(send(post("/metadata", bob, body).header("Idempotency-Key", "order-42")).statusCode()).isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimit_is413() throws Exception {
        String big = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";

        HttpResponse<String> response = send(post("/metadata", alice, big));

        assertThat(response.statusCode()).isEqualTo(413);
    }
}
