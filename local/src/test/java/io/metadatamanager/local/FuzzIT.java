package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.RepositoryHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing, end to end: 10,000 generated requests against one running local server: methods, paths (odd
 * segments, long ids, percent-escapes), ids, versions, headers (If-Match variants, content types, keys),
 * query parameters and bodies (deep nesting, huge numbers, bytes that are not UTF-8, duplicate keys, truncated
 * JSON, arrays, nothing). Most requests carry a valid token so that they reach the handler.
 *
 * <p>For every response: no 5xx, no stack trace, and every 4xx is problem+json with its status in the body.
 * Request {@code i} is generated from {@code seed + i} alone; a failure names both, and
 * {@code -Dfuzz.seed=...} replays a run.
 */
class FuzzIT {
    private static final int REQUESTS = 10_000;
    private static final int WORKERS = 4;
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final ObjectMapper JSON = JsonSupport.newMapper();

    private static final List<String> SEEDED_IDS = List.of("fuzz-1", "fuzz-2", "fuzz-3", "fuzz-4", "fuzz-5");
    private static final String DELETED_ID = "fuzz-deleted";
    private static final String OTHER_TENANTS_ID = "fuzz-other";

    @TempDir
    static Path dataDir;

    private static LocalServer server;
    private static HttpClient http;
    private static String tenantA;
    private static String tenantB;
    private static String expired;
    private static String foreign;
    /** Real cursors of tenant A, for the fuzzer to use in the right and the wrong places. */
    private static final List<String> cursors = new ArrayList<>();
    private static final AtomicInteger jdkAnswers = new AtomicInteger();

    /** One generated request; {@link #toString} says what it was, for a failure message. */
    record FuzzRequest(String method, String pathAndQuery, List<String[]> headers, byte[] body) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(method).append(' ').append(abbreviate(pathAndQuery, 300));
            for (String[] header : headers) {
                String value = header[0].equalsIgnoreCase("Authorization") ? "<token>" : abbreviate(header[1], 120);
                out.append("\n    ").append(header[0]).append(": ").append(value);
            }
            if (body != null) {
                out.append("\n    body (").append(body.length).append(" bytes): ").append(printable(body, 300));
            }
            return out.toString();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, dataDir, true, Optional.empty(),
                "metadata", RepositoryHome.find(), new LocalServer.Security(Optional.empty(), Optional.empty(),
                        Set.of(LocalIdentity.CLIENT_ID), false, Duration.ZERO, TokenVerifier.DEFAULT_CACHE_TTL,
                        Optional.empty(), Set.of(), 1_000_000, 1_000_000)));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        LocalIdentity identity = LocalIdentity.loadOrCreate(dataDir);
        tenantA = identity.token("fuzz-tenant-a", LocalIdentity.CLIENT_ID, Duration.ofHours(1));
        tenantB = identity.token("fuzz-tenant-b", LocalIdentity.CLIENT_ID, Duration.ofHours(1));
        expired = identity.token("fuzz-tenant-a", LocalIdentity.CLIENT_ID, Duration.ofMinutes(-5));
        foreign = LocalIdentity.loadOrCreate(Files.createDirectories(dataDir.resolve("stranger")))
                .token("fuzz-tenant-a", LocalIdentity.CLIENT_ID, Duration.ofHours(1));

        // documents with a history, a deleted one, another tenant's, and real cursors
        for (String id : SEEDED_IDS) {
            seed(tenantA, "POST", "/metadata", null, "{\"id\":\"" + id + "\",\"page\":\"home\",\"n\":1}", 201);
            seed(tenantA, "PUT", "/metadata/" + id, "\"1\"", "{\"page\":\"home\",\"n\":2}", 200);
            seed(tenantA, "PUT", "/metadata/" + id, "\"2\"", "{\"page\":\"home\",\"n\":3,\"tags\":[\"a\"]}", 200);
        }
        seed(tenantA, "POST", "/metadata", null, "{\"id\":\"" + DELETED_ID + "\"}", 201);
        seed(tenantA, "DELETE", "/metadata/" + DELETED_ID, "\"1\"", null, 204);
        seed(tenantB, "POST", "/metadata", null, "{\"id\":\"" + OTHER_TENANTS_ID + "\",\"page\":\"home\"}", 201);
        cursors.add(cursorOf("/metadata?page=home&limit=2"));
        cursors.add(cursorOf("/metadata?limit=1"));
        cursors.add(cursorOf("/metadata/fuzz-1/versions?limit=1"));
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

    @Test
    void tenThousandGeneratedRequests_neverGetA5xx_aStackTrace_orA4xxThatIsNotAProblem() throws Exception {
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        for (int status = 100; status < 600; status++) {
            statuses.put(status, new AtomicInteger());
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger unsendable = new AtomicInteger();
        long start = System.nanoTime();

        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            workers.add(Thread.ofPlatform().name("fuzz-" + w).start(() -> {
                for (int i = worker; i < REQUESTS; i += WORKERS) {
                    Random random = new Random(SEED + i);
                    HttpRequest request = null;
                    FuzzRequest generated = null;
                    while (request == null) {
                        generated = generate(random);
                        request = toHttp(generated);
                        if (request == null) {
                            unsendable.incrementAndGet();
                        }
                    }
                    Optional<String> problem = check(generated, request, statuses);
                    sent.incrementAndGet();
                    if (problem.isPresent()) {
                        failures.add("request #" + i + " of seed " + SEED + ":\n  " + generated + "\n  -> "
                                + problem.get());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<Integer, Integer> histogram = new TreeMap<>();
        statuses.forEach((status, count) -> {
            if (count.get() > 0) {
                histogram.put(status, count.get());
            }
        });
        int reachedTheHandler = histogram.entrySet().stream().filter(e -> e.getKey() != 401)
                .mapToInt(Map.Entry::getValue).sum();
        int succeeded = histogram.entrySet().stream().filter(e -> e.getKey() < 400)
                .mapToInt(Map.Entry::getValue).sum();
        System.out.printf("FuzzIT: seed %d, %d requests in %d ms (%d generated requests the client cannot send "
                        + "were replaced; %d answered by the JDK server itself), statuses %s%n", SEED, sent.get(),
                millis, unsendable.get(), jdkAnswers.get(), histogram);

        assertThat(failures).as("seed %d: %d of %d responses broke a rule; the first ones:%n%s", SEED,
                failures.size(), sent.get(), String.join("\n", failures.stream().limit(15).toList())).isEmpty();
        assertThat(sent.get()).isEqualTo(REQUESTS);
        assertThat(reachedTheHandler).as("requests past authentication").isGreaterThan(REQUESTS * 8 / 10);
        assertThat(succeeded).as("requests that succeeded (2xx, 304)").isGreaterThan(REQUESTS / 20);
    }

    /** Sends one request and returns what is wrong with its response, if anything. */
    private static Optional<String> check(FuzzRequest generated, HttpRequest request,
            Map<Integer, AtomicInteger> statuses) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return Optional.of("no response: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        int status = response.statusCode();
        statuses.get(status).incrementAndGet();
        String body = new String(response.body(), StandardCharsets.ISO_8859_1);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String seen = status + " " + contentType + " " + abbreviate(body, 400);
        if (status >= 500) {
            return Optional.of("a server error: " + seen);
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("at java.")
                || body.contains("at io.metadatamanager")) {
            return Optional.of("a stack trace or exception name: " + seen);
        }
        if (answeredByTheJdkServer(generated, response)) {
            jdkAnswers.incrementAndGet();
            return Optional.empty();
        }
        if (status >= 400) {
            if (!contentType.startsWith("application/problem+json")) {
                return Optional.of("a 4xx that is not problem+json: " + seen);
            }
            if (!generated.method().equalsIgnoreCase("HEAD")) {
                try {
                    JsonNode problem = JSON.readTree(response.body());
                    if (problem.path("status").asInt() != status || !problem.path("type").isTextual()) {
                        return Optional.of("a problem whose status or type is wrong: " + seen);
                    }
                } catch (IOException e) {
                    return Optional.of("a problem that is not JSON: " + seen);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the JDK's HTTP server answered by itself, before any handler ran: it parses a request target such
     * as {@code //metadata} as an authority with an empty path, which no context matches (404, text/html).
     */
    private static boolean answeredByTheJdkServer(FuzzRequest generated, HttpResponse<byte[]> response) {
        String path = generated.pathAndQuery().split("\\?", 2)[0];
        boolean ours = response.headers().firstValue("X-Content-Type-Options").isPresent();
        return response.statusCode() == 404 && path.startsWith("//") && path.indexOf('/', 2) < 0 && !ours;
    }

    // ---------------------------------------------------------------------------------------------------------
    // generation

    private static final List<String> METHODS = List.of(
            "GET", "GET", "GET", "GET", "GET", "GET", "POST", "POST", "POST", "POST", "PUT", "PUT", "PUT",
            "PATCH", "PATCH", "PATCH", "DELETE", "DELETE", "HEAD", "OPTIONS", "TRACE", "get", "Post", "FOO",
            "PROPFIND", "M-SEARCH");

    private static final List<String> ODD_IDS = List.of(
            "", ".", "..", "%2e%2e", "%2E", "%2F", "a%2Fb", "%00", "a%00b", "%C3%28", "%FF", "%FF%FE", "%C0%AF",
            "%ED%A0%80", "%E2%82", "%E2%82%AC", "%F0%9F%98%80", "a%20b", "'%20OR%20'1'='1", "%3Cscript%3E",
            "T%23fuzz-tenant-b%23D%23fuzz-other", "%23", "*", "~", "a;b", "a,b", "$(id)", "%25", "null", "undefined",
            "0", "-1", "versions", "diff", "restore", "%E3%81%82", "%D9%A1", "A", "_", "-", "--", "a.b", "a:b", "@",
            "!", "'", "(", ")", "%5B%5D", "%7B%7D", "%22", "%5C", "%09", "%0D%0A", "%7F", "+", "a+b");

    private static final List<String> VERSIONS = List.of(
            "1", "2", "3", "4", "0", "-1", "01", "+1", "1.0", "1e2", "0x1", "9999999999", "10000000000",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "abc", "", "%20", "%D9%A1", "1%00",
            "%31", "99999999999999999999999");

    private static final List<String> ETAGS = List.of(
            "*", "\"1\"", "\"2\"", "\"3\"", "\"4\"", "\"99\"", "W/\"1\"", "W/\"3\"", "\"", "\"\"", "1", "garbage",
            "\"1\", \"2\"", "\"3\", W/\"3\"", ",", "W/", "*, \"1\"", "\"" + "9".repeat(500) + "\"", "\"-1\"",
            "\"1", "1\"", "W/*", "**", "\"a\"\"b\"", "\"3\" \"3\"");

    private static final List<String> CONTENT_TYPES = List.of(
            "application/json", "application/json", "application/json; charset=utf-8", "application/merge-patch+json",
            "application/merge-patch+json; charset=UTF-8", "application/json-patch+json", "text/plain", "text/json",
            "APPLICATION/JSON", "Application/Merge-Patch+Json", "application/json;", "application/json ; q=1",
            "application/jsonx", "application/json+merge-patch", "*/*", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", ";", "application/json;charset=latin1", "application/xml");

    private static final List<String> QUERY_NAMES = List.of(
            "limit", "limit", "cursor", "cursor", "page", "page", "from", "to", "from", "to", "access_token",
            "id", "tenantId", "sub", "", "LIMIT", "page[]", "x");

    private static final List<String> QUERY_VALUES = List.of(
            "", "1", "2", "3", "0", "-1", "5", "20", "100", "101", "2147483648", "99999999999999999999", "abc", "1e3",
            "%C3%28", "%FF", "%00", "a.b", "forged.cursor", "home", "ho%23me", "%25", "+", "a+b", "%2B", "1.5",
            "%E2%82%AC", "%D9%A1", "null", ".", "x.", ".x", "e30.e30");

    /** What a generated request starts as: a valid call of one route, before mutations spoil it. */
    private enum Route { LIST, CREATE, GET, REPLACE, PATCH, DELETE, HISTORY, VERSION, RESTORE, DIFF, HEALTH }

    /** A request being generated. */
    private static final class Draft {
        String method;
        /** the document id in the path; {@code null} when the path has none or was replaced whole */
        String id;
        /** the path after the id, or the whole path when {@link #id} is {@code null} */
        String rest;
        String query = "";
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;

        String path() {
            return id == null ? rest : "/metadata/" + id + rest;
        }
    }

    /** A valid request for a random route, then 0 to 4 mutations (of method, path, id, version, headers, body). */
    private static FuzzRequest generate(Random r) {
        Draft d = new Draft();
        d.headers.put("Authorization", "Bearer " + tenantA);
        d.id = r.nextDouble() < 0.85 ? pick(r, SEEDED_IDS) : pick(r, List.of(DELETED_ID, OTHER_TENANTS_ID,
                "never-created"));
        String version = Integer.toString(1 + r.nextInt(4));
        String ifMatch = r.nextDouble() < 0.4 ? "*" : "\"" + (1 + r.nextInt(8)) + "\"";
        switch (pick(r, List.of(Route.values()))) {
            case LIST -> {
                d.method = "GET";
                d.id = null;
                d.rest = "/metadata";
                d.query = pick(r, List.of("", "?page=home", "?limit=2", "?page=home&limit=1&cursor="
                        + encode(cursors.get(0)), "?limit=1&cursor=" + encode(cursors.get(1))));
            }
            case CREATE -> {
                d.method = "POST";
                d.id = null;
                d.rest = "/metadata";
                d.headers.put("Content-Type", "application/json");
                d.body = utf8(validObject(r, "POST"));
                if (r.nextDouble() < 0.2) {
                    d.headers.put("Idempotency-Key", "key-" + r.nextInt(20));
                }
            }
            case GET -> {
                d.method = "GET";
                d.rest = "";
                if (r.nextDouble() < 0.3) {
                    d.headers.put("If-None-Match", "\"" + (1 + r.nextInt(8)) + "\"");
                }
            }
            case REPLACE -> {
                d.method = "PUT";
                d.rest = "";
                d.headers.put("If-Match", ifMatch);
                d.headers.put("Content-Type", "application/json");
                d.body = utf8(validObject(r, "PUT"));
            }
            case PATCH -> {
                d.method = "PATCH";
                d.rest = "";
                d.headers.put("If-Match", ifMatch);
                d.headers.put("Content-Type", "application/merge-patch+json");
                d.body = utf8(r.nextBoolean() ? validObject(r, "PATCH") : randomJson(r, 4));
            }
            case DELETE -> {
                d.method = "DELETE";
                d.rest = "";
                d.headers.put("If-Match", ifMatch);
            }
            case HISTORY -> {
                d.method = "GET";
                d.rest = "/versions";
                d.query = pick(r, List.of("", "?limit=1", "?limit=2&cursor=" + encode(cursors.get(2))));
            }
            case VERSION -> {
                d.method = "GET";
                d.rest = "/versions/" + version;
            }
            case RESTORE -> {
                d.method = "POST";
                d.rest = "/versions/" + version + "/restore";
                d.headers.put("If-Match", ifMatch);
            }
            case DIFF -> {
                d.method = "GET";
                d.rest = "/diff";
                d.query = "?from=" + (1 + r.nextInt(4)) + "&to=" + version;
            }
            case HEALTH -> {
                d.method = "GET";
                d.id = null;
                d.rest = "/health";
            }
        }
        double p = r.nextDouble();
        int mutations = p < 0.2 ? 0 : p < 0.55 ? 1 : p < 0.8 ? 2 : p < 0.92 ? 3 : 4;
        for (int i = 0; i < mutations; i++) {
            mutate(r, d);
        }
        List<String[]> headers = new ArrayList<>();
        d.headers.forEach((name, value) -> headers.add(new String[] {name, value}));
        return new FuzzRequest(d.method, d.path() + d.query, headers, d.body);
    }

    private static void mutate(Random r, Draft d) {
        switch (r.nextInt(12)) {
            case 0 -> d.method = pick(r, METHODS);
            case 1 -> {
                d.id = null;
                d.rest = path(r);
            }
            case 2 -> {
                if (d.id != null) {
                    d.id = id(r);
                } else {
                    d.rest = "/metadata/" + id(r);
                }
            }
            case 3 -> {
                if (d.id != null && d.rest.startsWith("/versions/")) {
                    String[] parts = d.rest.split("/", -1); // "", "versions", v[, "restore"]
                    parts[2] = pick(r, VERSIONS);
                    d.rest = String.join("/", parts);
                } else {
                    d.query = d.query.isEmpty() ? "?from=" + pick(r, VERSIONS) + "&to=" + pick(r, VERSIONS)
                            : d.query + "&to=" + pick(r, VERSIONS);
                }
            }
            case 4 -> {
                String more = query(r);
                d.query = more.isEmpty() || d.query.isEmpty() || r.nextBoolean() ? more
                        : d.query + "&" + more.substring(1);
            }
            case 5 -> {
                if (r.nextDouble() < 0.2) {
                    d.headers.remove("If-Match");
                } else {
                    d.headers.put("If-Match", etag(r));
                }
            }
            case 6 -> d.headers.put("If-None-Match", etag(r));
            case 7 -> {
                if (r.nextDouble() < 0.2) {
                    d.headers.remove("Content-Type");
                } else {
                    d.headers.put("Content-Type", r.nextDouble() < 0.15 ? printable(r, 1 + r.nextInt(60))
                            : pick(r, CONTENT_TYPES));
                }
            }
            case 8, 9 -> d.body = r.nextDouble() < 0.1 ? null : body(r, d.method);
            case 10 -> {
                double auth = r.nextDouble();
                if (auth < 0.3) {
                    d.headers.put("Authorization", "Bearer " + tenantB);
                } else if (auth < 0.45) {
                    d.headers.put("Authorization", "Bearer " + expired);
                } else if (auth < 0.6) {
                    d.headers.put("Authorization", "Bearer " + foreign);
                } else if (auth < 0.75) {
                    d.headers.remove("Authorization");
                } else {
                    d.headers.put("Authorization", pick(r, List.of("Bearer x.y.z", "Bearer", "Basic Zm9vOmJhcg==",
                            "Bearer " + tenantA.substring(0, tenantA.length() - 3), "bearer  " + tenantA + " extra")));
                }
            }
            default -> {
                if (r.nextBoolean()) {
                    d.headers.put("Idempotency-Key", pick(r, List.of("key-1", "key-2", "#", "a b", "k".repeat(255),
                            "k".repeat(256), printable(r, 1 + r.nextInt(300)))));
                } else {
                    d.headers.put(pick(r, List.of("Accept", "Origin", "X-Api-Key", "Cookie", "X-Forwarded-For",
                            "X-Tenant-Id", "Access-Control-Request-Method", "X-" + letters(r, 1 + r.nextInt(20)))),
                            printable(r, r.nextInt(100)));
                }
            }
        }
    }

    private static String path(Random r) {
        double p = r.nextDouble();
        if (p < 0.08) {
            return pick(r, List.of("/metadata", "/metadata/", "/health", "/health/", "/", "/.well-known/jwks.json",
                    "/METADATA", "//metadata", "/metadata//versions", "/metadata/./fuzz-1", "/metadata/../health",
                    "/%6detadata", "/metadata%2Ffuzz-1", "/metadata/fuzz-1/", "/metadata/fuzz-1/versions/",
                    "/metadata/fuzz-1//versions", "/metadata;x=1", "/metadata/fuzz-1;v=1", "/favicon.ico",
                    "/" + "a/".repeat(200), "/metadata/fuzz-1/versions/1/restore/again"));
        }
        if (p < 0.22) {
            return "/metadata";
        }
        String id = id(r);
        return switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> "/metadata/" + id;
            case 4 -> "/metadata/" + id + "/versions";
            case 5, 6 -> "/metadata/" + id + "/versions/" + pick(r, VERSIONS);
            case 7 -> "/metadata/" + id + "/versions/" + pick(r, VERSIONS) + "/restore";
            case 8 -> "/metadata/" + id + "/diff";
            default -> "/metadata/" + id + "/" + segment(r) + (r.nextBoolean() ? "" : "/" + segment(r));
        };
    }

    private static String id(Random r) {
        double p = r.nextDouble();
        if (p < 0.45) {
            return pick(r, SEEDED_IDS);
        }
        if (p < 0.5) {
            return pick(r, List.of(DELETED_ID, OTHER_TENANTS_ID, "never-created"));
        }
        if (p < 0.7) {
            return fromAlphabet(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
                    1 + r.nextInt(pick(r, List.of(8, 40, 128))));
        }
        if (p < 0.75) {
            return "x".repeat(pick(r, List.of(127, 128, 129, 1_000, 4_000)));
        }
        if (p < 0.9) {
            return pick(r, ODD_IDS);
        }
        return segment(r);
    }

    /** Any text, percent-encoded as UTF-8, or raw bytes percent-encoded (often not UTF-8). */
    private static String segment(Random r) {
        if (r.nextBoolean()) {
            StringBuilder text = new StringBuilder();
            int length = r.nextInt(20);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(r.nextDouble() < 0.7 ? 0x20 + r.nextInt(0x5F) : r.nextInt(0x3000));
            }
            return URLEncoder.encode(text.toString(), StandardCharsets.UTF_8).replace("+", "%20");
        }
        StringBuilder bytes = new StringBuilder();
        int length = 1 + r.nextInt(12);
        for (int i = 0; i < length; i++) {
            bytes.append(String.format("%%%02X", r.nextInt(256)));
        }
        return bytes.toString();
    }

    private static String query(Random r) {
        if (r.nextDouble() < 0.55) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            String name = pick(r, QUERY_NAMES);
            double p = r.nextDouble();
            String value = p < 0.15 ? URLEncoder.encode(pick(r, cursors), StandardCharsets.UTF_8)
                    : p < 0.25 ? segment(r) : pick(r, QUERY_VALUES);
            pairs.add(r.nextDouble() < 0.05 ? name : name + "=" + value);
        }
        if (r.nextDouble() < 0.05) {
            pairs.add(pick(r, List.of("", "&", "=", "a=b=c", "=x")));
        }
        return "?" + String.join("&", pairs);
    }

    private static String etag(Random r) {
        return r.nextDouble() < 0.1 ? printable(r, 1 + r.nextInt(40)) : pick(r, ETAGS);
    }

    private static byte[] body(Random r, String method) {
        double p = r.nextDouble();
        if (p < 0.30) {
            return utf8(validObject(r, method));
        }
        if (p < 0.40) {
            return utf8(randomJson(r, 0));
        }
        if (p < 0.50) {
            return utf8(pick(r, List.of(
                    "{\"n\":1e999999}", "{\"n\":-1e999999}", "{\"n\":1e-999999}",
                    "{\"n\":123456789012345678901234567890}", "{\"n\":-123456789012345678901234567890.5}",
                    "{\"n\":1E400}", "{\"n\":1e99999999999}", "{\"n\":0.1e-2147483648}", "{\"n\":9.9e2147483647}",
                    "{\"n\":1" + "0".repeat(999) + "}", "{\"n\":1" + "0".repeat(1_000) + "}",
                    "{\"n\":0." + "1".repeat(2_000) + "}", "{\"n\":-0}", "{\"n\":-0.0e-0}", "{\"n\":01}",
                    "{\"n\":NaN}", "{\"n\":Infinity}", "{\"n\":-Infinity}", "{\"n\":.5}", "{\"n\":1.}", "{\"n\":+1}",
                    "{\"n\":0x10}", "{\"n\":1_000}", "{\"page\":\"p\",\"n\":[1e308,1e309,-1e309,4.9e-325]}",
                    "{\"n\":" + "9".repeat(400) + "}", "{\"n\":1e" + "9".repeat(30) + "}")));
        }
        if (p < 0.58) {
            int depth = pick(r, List.of(5, 30, 31, 32, 33, 64, 1_000, 50_000));
            return utf8(r.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        }
        if (p < 0.66) {
            return notUtf8(r);
        }
        if (p < 0.72) {
            String valid = validObject(r, method);
            return utf8(valid.substring(0, r.nextInt(valid.length())));
        }
        if (p < 0.90) {
            return utf8(pick(r, List.of(
                    "", " ", "{}", "[]", "[1,2]", "[{}]", "null", "true", "1", "\"text\"", "{", "}", "{}{}", "{} x",
                    "{\"a\":1,\"a\":2}", "{\"id\":\"fuzz-1\",\"id\":\"fuzz-2\"}", "/* c */ {\"a\":1}", "{\"a\":1} // c",
                    "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,]", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\\ud800\"}",
                    "{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}", "{\"\":1}", "{\"a\":\"\\x41\"}", "{\"a\":\"\t\"}",
                    "\uFEFF{\"a\":1}", "{\"page\":42}", "{\"page\":\"\"}", "{\"page\":null}", "{\"page\":\"a#b%c\"}",
                    "{\"page\":[\"x\"]}", "{\"id\":5}", "{\"id\":\"has space\"}", "{\"id\":null}",
                    "{\"id\":\"" + "x".repeat(200) + "\"}", "{\"version\":\"x\",\"createdAt\":5,\"updatedAt\":[]}",
                    "{\"tenantId\":\"fuzz-tenant-b\",\"sub\":\"fuzz-tenant-b\",\"PK\":\"T#fuzz-tenant-b\"}",
                    "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":1}]", "{\"a\":null}", "{\"k\":\"" + "x".repeat(
                            10_000) + "\"}", "{\"" + "k".repeat(10_000) + "\":1}")));
        }
        if (p < 0.93) {
            StringBuilder many = new StringBuilder("{");
            int keys = pick(r, List.of(100, 1_000, 5_000));
            for (int i = 0; i < keys; i++) {
                many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
            }
            return utf8(many.append('}').toString());
        }
        if (p < 0.935) {
            return utf8("{\"blob\":\"" + "x".repeat(pick(r, List.of(200 * 1024, 256 * 1024, 300 * 1024))) + "\"}");
        }
        if (p < 0.95) {
            return validObject(r, method).getBytes(StandardCharsets.UTF_16);
        }
        byte[] random = new byte[r.nextInt(200)];
        r.nextBytes(random);
        return random;
    }

    private static String validObject(Random r, String method) {
        StringBuilder out = new StringBuilder("{");
        if (method.equalsIgnoreCase("POST") && r.nextDouble() < 0.5) {
            out.append("\"id\":\"").append(r.nextBoolean() ? pick(r, SEEDED_IDS)
                    : fromAlphabet(r, "abcdefghijklmnopqrstuvwxyz0123456789-", 12)).append("\",");
        }
        if (r.nextBoolean()) {
            out.append("\"page\":\"").append(pick(r, List.of("home", "checkout", "p%", "p#1", "x"))).append("\",");
        }
        out.append("\"theme\":").append(r.nextBoolean() ? "null" : "\"dark\"").append(",\"n\":")
                .append(r.nextInt(1000)).append(",\"tags\":[\"a\",1,true,null,{\"b\":[]}]}");
        return out.toString();
    }

    private static String randomJson(Random r, int depth) {
        int kind = depth > 5 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> "\"" + printable(r, r.nextInt(12)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 1 -> pick(r, List.of("0", "-1", "3.14", "1e10", "-0", "true", "false", "null"));
            case 2 -> Long.toString(r.nextLong());
            case 3 -> Double.toString(r.nextGaussian() * 1e6);
            case 4 -> {
                StringBuilder array = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    array.append(i == 0 ? "" : ",").append(randomJson(r, depth + 1));
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    object.append(i == 0 ? "" : ",").append('"').append(pick(r, List.of("id", "page", "a", "b",
                            "version", "tenantId", "x" + i))).append("\":").append(randomJson(r, depth + 1));
                }
                yield object.append('}').toString();
            }
        };
    }

    /** JSON whose string holds bytes that are not UTF-8. */
    private static byte[] notUtf8(Random r) {
        List<byte[]> bad = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0x80}, new byte[] {0x00});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] before = r.nextBoolean() ? utf8("{\"page\":\"home\",\"a\":\"") : utf8("{\"");
        out.writeBytes(before);
        out.writeBytes(pick(r, bad));
        out.writeBytes(utf8(before.length > 2 ? "\"}" : "\":1}"));
        return out.toByteArray();
    }

    /** The request as the JDK's client builds it; {@code null} when the client refuses to (then it is replaced). */
    private static HttpRequest toHttp(FuzzRequest generated) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + generated.pathAndQuery()))
                    .timeout(Duration.ofSeconds(30))
                    .method(generated.method(), generated.body() == null ? BodyPublishers.noBody()
                            : BodyPublishers.ofByteArray(generated.body()));
            for (String[] header : generated.headers()) {
                builder.header(header[0], header[1]);
            }
            return builder.build();
        } catch (IllegalArgumentException unsendable) {
            return null;
        }
    }

    private static void seed(String token, String method, String path, String ifMatch, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
    }

    private static String cursorOf(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + tenantA).build(), HttpResponse.BodyHandlers.ofString());
        String cursor = JSON.readTree(response.body()).path("nextCursor").asText(null);
        assertThat(cursor).as(path).isNotNull();
        return cursor;
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String printable(Random r, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x21 + r.nextInt(0x5E)));
        }
        return out.toString();
    }

    private static String letters(Random r, int length) {
        return fromAlphabet(r, "abcdefghijklmnopqrstuvwxyz", length);
    }

    private static String fromAlphabet(Random r, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
    }

    private static String printable(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xFF;
            out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return bytes.length > max ? out + "..." : out.toString();
    }
}
