package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.RepositoryHome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation, end to end: two tenants, every route, aimed at the caller's own document, at the other
 * tenant's (live or deleted) and at one that never existed. The other tenant's documents must be
 * indistinguishable from ones that never existed (same status, headers and problem apart from requestId and
 * instance), a missing document is a 404 before any precondition is looked at, and nothing of the other
 * tenant changes. Cursors, body fields and headers cannot cross tenants either.
 */
class TenantIsolationIT {
    private static final ObjectMapper JSON = JsonSupport.newMapper();
    private static final String NEVER_CREATED = "never-created";
    private static final String NEVER_PAGE = "never-page";

    @TempDir
    static Path dataDir;

    private static LocalServer server;
    private static HttpClient http;
    private static Tenant alice;
    private static Tenant bob;
    private static Map<String, String> aliceBefore;
    private static Map<String, String> bobBefore;

    /** A tenant and the documents it owns. */
    record Tenant(String name, String token, String live, String deleted, String page) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A route to aim at documents.
     *
     * @param path with {@code {id}} and {@code {page}} to fill in
     * @param own the status for the caller's own live document; 0 when the request would change it (not sent)
     * @param missing the status for a document that does not exist (or is not the caller's)
     */
    record Route(String name, String method, String path, Map<String, String> headers, String body, int own,
            int missing) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a response shows, less what differs between any two requests (requestId, instance, date). */
    record Observed(int status, Map<String, String> headers, String body) {}

    @BeforeAll
    static void start() throws Exception {
        server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, dataDir, true, Optional.empty(),
                "metadata", RepositoryHome.find()));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        LocalIdentity identity = LocalIdentity.loadOrCreate(dataDir);
        alice = new Tenant("alice", identity.token("alice", LocalIdentity.CLIENT_ID, Duration.ofHours(1)),
                "alice-doc", "alice-deleted", "alice-page");
        bob = new Tenant("bob", identity.token("bob", LocalIdentity.CLIENT_ID, Duration.ofHours(1)),
                "bob-doc", "bob-deleted", "bob-page");
        for (Tenant t : List.of(alice, bob)) {
            // a live document with three versions, and a deleted one with three (the last a tombstone)
            for (String id : List.of(t.live(), t.deleted())) {
                expect(201, send(t, "POST", "/metadata", Map.of(), "{\"id\":\"" + id + "\",\"page\":\"" + t.page()
                        + "\",\"secret\":\"" + t.name() + "-secret-1\"}"));
                expect(200, send(t, "PATCH", "/metadata/" + id, Map.of("If-Match", "\"1\"",
                        "Content-Type", "application/merge-patch+json"), "{\"secret\":\"" + t.name() + "-secret-2\"}"));
            }
            expect(200, send(t, "PUT", "/metadata/" + t.live(), Map.of("If-Match", "\"2\""),
                    "{\"page\":\"" + t.page() + "\",\"secret\":\"" + t.name() + "-secret-3\"}"));
            expect(204, send(t, "DELETE", "/metadata/" + t.deleted(), Map.of("If-Match", "\"2\""), null));
        }
        aliceBefore = snapshot(alice);
        bobBefore = snapshot(bob);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static Stream<Route> routes() {
        String stale = "\"1\"";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Map<String, String> mergePatch = Map.of("Content-Type", "application/merge-patch+json");
        String doc = "{\"page\":\"taken\",\"secret\":\"overwritten\"}";
        return Stream.of(
                new Route("GET item", "GET", "/metadata/{id}", Map.of(), null, 200, 404),
                new Route("GET item, If-None-Match current", "GET", "/metadata/{id}", Map.of("If-None-Match", "\"3\""),
                        null, 304, 404),
                new Route("PUT, stale If-Match", "PUT", "/metadata/{id}", with(json, "If-Match", stale), doc, 412, 404),
                new Route("PUT, no If-Match", "PUT", "/metadata/{id}", json, doc, 428, 404),
                new Route("PUT, If-Match *", "PUT", "/metadata/{id}", with(json, "If-Match", "*"), doc, 0, 404),
                new Route("PATCH, stale If-Match", "PATCH", "/metadata/{id}", with(mergePatch, "If-Match", stale),
                        "{\"secret\":null}", 412, 404),
                new Route("PATCH, no If-Match", "PATCH", "/metadata/{id}", mergePatch, "{\"secret\":null}", 428, 404),
                new Route("PATCH, If-Match *", "PATCH", "/metadata/{id}", with(mergePatch, "If-Match", "*"),
                        "{\"secret\":null}", 0, 404),
                new Route("DELETE, stale If-Match", "DELETE", "/metadata/{id}", Map.of("If-Match", stale), null, 412,
                        404),
                new Route("DELETE, no If-Match", "DELETE", "/metadata/{id}", Map.of(), null, 428, 404),
                new Route("DELETE, If-Match *", "DELETE", "/metadata/{id}", Map.of("If-Match", "*"), null, 0, 404),
                new Route("GET versions", "GET", "/metadata/{id}/versions", Map.of(), null, 200, 404),
                new Route("GET versions, one a page", "GET", "/metadata/{id}/versions?limit=1", Map.of(), null, 200,
                        404),
                new Route("GET version 1", "GET", "/metadata/{id}/versions/1", Map.of(), null, 200, 404),
                new Route("GET version 3", "GET", "/metadata/{id}/versions/3", Map.of(), null, 200, 404),
                new Route("GET version 99", "GET", "/metadata/{id}/versions/99", Map.of(), null, 404, 404),
                new Route("restore, stale If-Match", "POST", "/metadata/{id}/versions/1/restore",
                        Map.of("If-Match", stale), null, 412, 404),
                new Route("restore, no If-Match", "POST", "/metadata/{id}/versions/1/restore", Map.of(), null, 428,
                        404),
                new Route("restore, If-Match *", "POST", "/metadata/{id}/versions/1/restore", Map.of("If-Match", "*"),
                        null, 0, 404),
                new Route("diff", "GET", "/metadata/{id}/diff?from=1&to=3", Map.of(), null, 200, 404),
                new Route("diff, from the future", "GET", "/metadata/{id}/diff?from=1&to=4", Map.of(), null, 404, 404),
                new Route("list a page", "GET", "/metadata?page={page}", Map.of(), null, 200, 200),
                new Route("list a page, one a page", "GET", "/metadata?page={page}&limit=1", Map.of(), null, 200, 200));
    }

    static Stream<Arguments> callsByEitherTenant() {
        return Stream.of(alice, bob).flatMap(caller -> routes().map(route -> Arguments.of(caller, route)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("callsByEitherTenant")
    void theOtherTenantsDocuments_lookExactlyLikeDocumentsThatNeverExisted(Tenant caller, Route route)
            throws Exception {
        Tenant other = caller == alice ? bob : alice;

        Observed never = observe(caller, route, NEVER_CREATED, NEVER_PAGE);
        Observed otherLive = observe(caller, route, other.live(), other.page());
        Observed otherDeleted = observe(caller, route, other.deleted(), other.page());

        assertThat(never.status()).as("a document that never existed").isEqualTo(route.missing());
        assertThat(otherLive).as("the other tenant's live document").isEqualTo(never);
        assertThat(otherDeleted).as("the other tenant's deleted document").isEqualTo(never);
        if (route.own() != 0) {
            // the route does reach documents, and checks preconditions on existing ones
            assertThat(observe(caller, route, caller.live(), caller.page()).status()).as("the caller's own document")
                    .isEqualTo(route.own());
        }
        assertThat(snapshot(other)).as("the other tenant's documents, versions and history")
                .isEqualTo(other == alice ? aliceBefore : bobBefore);
        assertThat(snapshot(caller)).as("the caller's documents").isEqualTo(caller == alice ? aliceBefore : bobBefore);
    }

    @Test
    void listing_showsOnlyTheCallersDocuments() throws Exception {
        for (Tenant caller : List.of(alice, bob)) {
            JsonNode items = JSON.readTree(send(caller, "GET", "/metadata?limit=100", Map.of(), null).body())
                    .get("items");
            List<String> ids = new ArrayList<>();
            items.forEach(item -> ids.add(item.get("id").asText()));

            Tenant other = caller == alice ? bob : alice;

            assertThat(ids).contains(caller.live()).doesNotContain(other.live(), other.deleted());
            assertThat(items.toString()).doesNotContain(other.name() + "-secret").doesNotContain(other.page());
        }
    }

    @Test
    void creatingWithTheOtherTenantsId_createsTheCallersOwnDocument_likeAnyNewId() throws Exception {
        expect(201, send(alice, "POST", "/metadata", Map.of(), "{\"id\":\"alice-claimed\",\"owner\":\"alice\"}"));
        Map<String, String> aliceClaimed = documentState(alice, "alice-claimed");

        HttpResponse<String> taken = send(bob, "POST", "/metadata", Map.of(), "{\"id\":\"alice-claimed\",\"x\":1}");
        HttpResponse<String> fresh = send(bob, "POST", "/metadata", Map.of(), "{\"id\":\"bob-fresh\",\"x\":1}");

        assertThat(taken.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(taken.body()).get("version").asLong()).isEqualTo(1);
        assertThat(taken.body()).doesNotContain("owner");
        assertThat(documentState(alice, "alice-claimed")).isEqualTo(aliceClaimed);
        assertThat(JSON.readTree(send(bob, "GET", "/metadata/alice-claimed", Map.of(), null).body()).get("x").asInt())
                .isEqualTo(1);
    }

    @Test
    void aListCursorOfOneTenant_is400ForTheOther_andRevealsNothing() throws Exception {
        for (int i = 1; i <= 3; i++) {
            expect(201, send(alice, "POST", "/metadata", Map.of(),
                    "{\"id\":\"alice-card-" + i + "\",\"page\":\"cards\",\"secret\":\"alice-card-secret\"}"));
        }
        JsonNode first = JSON.readTree(send(alice, "GET", "/metadata?page=cards&limit=1", Map.of(), null).body());
        String cursor = first.get("nextCursor").asText();
        assertThat(send(alice, "GET", "/metadata?page=cards&limit=1&cursor=" + encode(cursor), Map.of(), null)
                .statusCode()).as("the cursor works for its owner").isEqualTo(200);
        JsonNode history = JSON.readTree(send(alice, "GET", "/metadata/" + alice.live() + "/versions?limit=1",
                Map.of(), null).body());
        String historyCursor = history.get("nextCursor").asText();

        List<HttpResponse<String>> foreign = List.of(
                send(bob, "GET", "/metadata?page=cards&limit=1&cursor=" + encode(cursor), Map.of(), null),
                send(bob, "GET", "/metadata?limit=1&cursor=" + encode(cursor), Map.of(), null),
                send(bob, "GET", "/metadata/" + alice.live() + "/versions?limit=1&cursor=" + encode(historyCursor),
                        Map.of(), null),
                send(bob, "GET", "/metadata/" + bob.live() + "/versions?limit=1&cursor=" + encode(historyCursor),
                        Map.of(), null),
                send(bob, "GET", "/metadata/" + NEVER_CREATED + "/versions?limit=1&cursor=" + encode(historyCursor),
                        Map.of(), null));

        for (HttpResponse<String> response : foreign) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            ObjectNode problem = (ObjectNode) JSON.readTree(response.body());
            problem.remove("instance"); // the path bob asked for, which he knows already
            assertThat(problem.toString()).doesNotContain("alice").doesNotContain("card").doesNotContain("secret")
                    .doesNotContain(cursor.substring(0, 8)).doesNotContain(historyCursor.substring(0, 8));
        }
    }

    @Test
    void tenantFieldsInBodiesHeadersOrQueries_neverChangeTheTenant() throws Exception {
        String spoof = "{\"id\":\"spoofed\",\"page\":\"spoofed-page\",\"tenantId\":\"alice\",\"tenant\":\"alice\","
                + "\"userId\":\"alice\",\"owner\":\"alice\",\"sub\":\"alice\",\"PK\":\"T#alice#D#spoofed\","
                + "\"SK\":\"H\",\"GSI1PK\":\"T#alice\",\"actor\":{\"sub\":\"alice\"},\"client_id\":\"local-client\"}";
        Map<String, String> spoofHeaders = Map.of("X-Tenant-Id", "alice", "X-User-Id", "alice",
                "X-Forwarded-User", "alice", "X-Amzn-Oidc-Identity", "alice");

        expect(201, send(bob, "POST", "/metadata?tenantId=alice&sub=alice", spoofHeaders, spoof));
        expect(200, send(bob, "PUT", "/metadata/spoofed?tenantId=alice", with(spoofHeaders, "If-Match", "\"1\""),
                spoof.replace("\"id\":\"spoofed\",", "")));
        expect(200, send(bob, "PATCH", "/metadata/spoofed", with(with(spoofHeaders, "If-Match", "\"2\""),
                "Content-Type", "application/merge-patch+json"), "{\"tenantId\":\"alice\",\"PK\":\"T#alice\"}"));

        // alice has no such document, in any listing
        assertThat(send(alice, "GET", "/metadata/spoofed", Map.of(), null).statusCode()).isEqualTo(404);
        assertThat(send(alice, "GET", "/metadata?limit=100", Map.of(), null).body()).doesNotContain("spoofed");
        assertThat(JSON.readTree(send(alice, "GET", "/metadata?page=spoofed-page", Map.of(), null).body())
                .get("items")).isEmpty();
        assertThat(snapshot(alice)).isEqualTo(aliceBefore);
        // bob has it, the fields are plain content, and every version was written by bob
        JsonNode stored = JSON.readTree(send(bob, "GET", "/metadata/spoofed", Map.of(), null).body());
        assertThat(stored.get("tenantId").asText()).isEqualTo("alice");
        assertThat(stored.get("version").asLong()).isEqualTo(3);
        JsonNode history = JSON.readTree(send(bob, "GET", "/metadata/spoofed/versions", Map.of(), null).body());
        assertThat(history.get("items")).hasSize(3)
                .allSatisfy(item -> assertThat(item.at("/actor/sub").asText()).isEqualTo("bob"));
        // and headers or query parameters naming alice do not open her documents to bob
        assertThat(send(bob, "GET", "/metadata/" + alice.live() + "?tenantId=alice&sub=alice", spoofHeaders, null)
                .statusCode()).isEqualTo(404);
    }

    private static Observed observe(Tenant caller, Route route, String id, String page) throws Exception {
        String path = route.path().replace("{id}", id).replace("{page}", page);
        HttpResponse<String> response = send(caller, route.method(), path, route.headers(), route.body());
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("date") && !lower.equals("content-length")) {
                headers.put(lower, String.join(", ", values));
            }
        });
        String body = response.body();
        if (headers.getOrDefault("content-type", "").startsWith("application/problem+json")) {
            ObjectNode problem = (ObjectNode) JSON.readTree(body);
            assertThat(problem.get("instance").asText()).isEqualTo(URI.create(path).getPath());
            problem.remove("requestId");
            problem.remove("instance");
            body = problem.toString();
        }
        return new Observed(response.statusCode(), headers, body);
    }

    /** Everything a tenant can read about its documents, to compare before and after. */
    private static Map<String, String> snapshot(Tenant tenant) throws Exception {
        Map<String, String> state = new LinkedHashMap<>();
        state.putAll(documentState(tenant, tenant.live()));
        state.putAll(documentState(tenant, tenant.deleted()));
        state.put("list", send(tenant, "GET", "/metadata?page=" + tenant.page(), Map.of(), null).body());
        return state;
    }

    private static Map<String, String> documentState(Tenant tenant, String id) throws Exception {
        Map<String, String> state = new LinkedHashMap<>();
        HttpResponse<String> head = send(tenant, "GET", "/metadata/" + id, Map.of(), null);
        state.put(id, head.statusCode() + " " + head.headers().firstValue("ETag").orElse("") + " "
                + (head.statusCode() == 200 ? head.body() : ""));
        state.put(id + "/versions", send(tenant, "GET", "/metadata/" + id + "/versions", Map.of(), null).body());
        for (int v = 1; v <= 3; v++) {
            HttpResponse<String> version = send(tenant, "GET", "/metadata/" + id + "/versions/" + v, Map.of(), null);
            state.put(id + "/versions/" + v, version.statusCode() + " "
                    + (version.statusCode() == 200 ? version.body() : ""));
        }
        return state;
    }

    private static HttpResponse<String> send(Tenant caller, String method, String pathAndQuery,
            Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + caller.token());
        headers.forEach(request::header);
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + ": "
                + response.body()).isEqualTo(status);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
