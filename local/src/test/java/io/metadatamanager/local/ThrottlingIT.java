package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.RepositoryHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling, end to end, by hammering the local server from several threads: the stage limit (before
 * authentication), the per-tenant limit in the function, and API keys with usage plans. Over {@code T}
 * seconds a token bucket of rate {@code r} and burst {@code b} lets at most {@code b + r*T} requests through;
 * every refusal is a 429 problem with a whole-seconds Retry-After.
 */
class ThrottlingIT {
    private static final ObjectMapper JSON = JsonSupport.newMapper();
    private static final Duration HAMMER = Duration.ofSeconds(3);
    private static final int THREADS = 4;

    @TempDir
    static Path work;

    /** A running server and the identity whose tokens it accepts. */
    private record Running(LocalServer server, LocalIdentity identity) {
        String token(String sub) {
            return identity.token(sub, LocalIdentity.CLIENT_ID, Duration.ofHours(1));
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }
    }

    /** One response, reduced to what the assertions look at. */
    private record Outcome(int status, Optional<String> retryAfter, Optional<String> contentType, String body) {}

    /** What a hammering produced. */
    private record Hammering(List<Outcome> outcomes, double seconds) {
        long accepted() {
            return outcomes.stream().filter(o -> o.status() / 100 == 2).count();
        }

        long throttled() {
            return outcomes.stream().filter(o -> o.status() == 429).count();
        }
    }

    private static Running stageLimited;
    private static Running tenantLimited;
    private static Running withApiKeys;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Path stageConfig = Files.writeString(work.resolve("stage.json"),
                "{\"stage\": {\"rateLimit\": 5, \"burstLimit\": 10}}");
        Path keyConfig = Files.writeString(work.resolve("keys.json"), """
                {
                  "apiKeyRequired": true,
                  "usagePlans": [
                    {"name": "partners", "throttle": {"rateLimit": 2, "burstLimit": 4},
                     "apiKeys": ["partner-key-1", "partner-key-2"]}
                  ]
                }
                """);
        stageLimited = start("stage", Optional.empty(), security(Optional.of(stageConfig), 1_000, 1_000));
        // the others share the first one's engine
        Optional<URI> engine = Optional.of(stageLimited.server().engine());
        tenantLimited = start("tenant", engine, security(Optional.empty(), 5, 10));
        withApiKeys = start("keys", engine, security(Optional.of(keyConfig), 1_000, 1_000));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        for (Running running : new Running[] {withApiKeys, tenantLimited, stageLimited}) {
            if (running != null) {
                running.server().close();
            }
        }
    }

    @Test
    void theStageLimit_letsThroughAtMostBurstPlusRateTimesT() throws Exception {
        String token = stageLimited.token("alice");

        Hammering hammering = hammer(() -> get(stageLimited, "/metadata", token, Map.of()));

        assertWithinBucket("stage r=5 b=10", hammering, 5, 10);
    }

    @Test
    void theTenantLimit_letsThroughAtMostBurstPlusRateTimesT_andSparesOtherTenants() throws Exception {
        String alice = tenantLimited.token("alice");

        Hammering hammering = hammer(() -> get(tenantLimited, "/metadata", alice, Map.of()));

        assertWithinBucket("tenant r=5 b=10", hammering, 5, 10);
        assertThat(hammering.outcomes()).filteredOn(o -> o.status() == 429)
                .allSatisfy(o -> assertThat(o.body()).contains("tenant"));
        assertThat(send(get(tenantLimited, "/metadata", tenantLimited.token("bob"), Map.of())).status())
                .as("another tenant, right after").isEqualTo(200);
    }

    @Test
    void withApiKeysRequired_aMissingOrUnknownKeyIs403_afterAuthentication() throws Exception {
        String token = withApiKeys.token("alice");

        Outcome noKey = send(get(withApiKeys, "/metadata", token, Map.of()));
        Outcome unknownKey = send(get(withApiKeys, "/metadata", token, Map.of("x-api-key", "guessed-key")));
        Outcome emptyKey = send(get(withApiKeys, "/metadata", token, Map.of("x-api-key", "")));
        Outcome caseChangedKey = send(get(withApiKeys, "/metadata", token, Map.of("x-api-key", "PARTNER-KEY-1")));
        Outcome keyButNoToken = send(get(withApiKeys, "/metadata", null, Map.of("x-api-key", "partner-key-1")));

        for (Outcome refused : List.of(noKey, unknownKey, emptyKey, caseChangedKey)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).contains("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("status").asInt()).isEqualTo(403);
        }
        assertThat(keyButNoToken.status()).as("authentication comes first").isEqualTo(401);
    }

    @Test
    void aUsagePlanKey_isThrottledByItsPlan_andEachKeyHasItsOwnBucket() throws Exception {
        String token = withApiKeys.token("alice");

        Hammering hammering = hammer(() -> get(withApiKeys, "/metadata", token, Map.of("x-api-key", "partner-key-2")));

        assertWithinBucket("usage plan r=2 b=4", hammering, 2, 4);
        assertThat(send(get(withApiKeys, "/metadata", token, Map.of("x-api-key", "partner-key-1"))).status())
                .as("the plan's other key, right after").isEqualTo(200);
    }

    private static void assertWithinBucket(String name, Hammering hammering, double rate, int burst) {
        long accepted = hammering.accepted();
        double bound = burst + rate * hammering.seconds() + 1;
        System.out.printf("ThrottlingIT %s: %d requests in %.2f s from %d threads, %d accepted (bound %.1f), "
                        + "%d x 429%n", name, hammering.outcomes().size(), hammering.seconds(), THREADS, accepted,
                bound, hammering.throttled());

        assertThat(accepted).isGreaterThanOrEqualTo(burst).isLessThanOrEqualTo((long) Math.floor(bound));
        assertThat(hammering.throttled()).isPositive();
        assertThat(hammering.outcomes()).allSatisfy(o -> assertThat(o.status()).isIn(200, 429));
        assertThat(hammering.outcomes()).filteredOn(o -> o.status() == 429).allSatisfy(o -> {
            assertThat(o.contentType()).contains("application/problem+json");
            assertThat(o.retryAfter()).isPresent();
            assertThat(o.retryAfter().get()).matches("[0-9]+");
            assertThat(Long.parseLong(o.retryAfter().get())).isGreaterThanOrEqualTo(1);
            assertThat(JSON.readTree(o.body()).get("status").asInt()).isEqualTo(429);
        });
    }

    /** Sends requests from {@link #THREADS} threads, back to back, for {@link #HAMMER}. */
    private static Hammering hammer(Supplier<HttpRequest> request) throws InterruptedException {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long deadline = start + HAMMER.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            threads.add(Thread.ofPlatform().name("hammer-" + i).start(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        outcomes.add(send(request.get()));
                    } catch (Exception e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(failures).isEmpty();
        return new Hammering(List.copyOf(outcomes), seconds);
    }

    private static HttpRequest get(Running running, String path, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(running.uri(path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    private static Outcome send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Outcome(response.statusCode(), response.headers().firstValue("Retry-After"),
                response.headers().firstValue("Content-Type"), response.body());
    }

    private static LocalServer.Security security(Optional<Path> throttleConfig, double tenantRate, int tenantBurst) {
        return new LocalServer.Security(Optional.empty(), Optional.empty(), Set.of(LocalIdentity.CLIENT_ID), false,
                Duration.ZERO, TokenVerifier.DEFAULT_CACHE_TTL, throttleConfig, Set.of(), tenantRate, tenantBurst);
    }

    private static Running start(String name, Optional<URI> engine, LocalServer.Security security)
            throws Exception {
        Path dataDir = Files.createDirectories(work.resolve(name));
        LocalServer server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, dataDir, true, engine,
                "metadata", RepositoryHome.find(), security));
        return new Running(server, LocalIdentity.loadOrCreate(dataDir));
    }
}
