package io.metadatamanager.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.lambda.TokenBucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's throttling, emulated: a stage-wide token bucket (the stage's default method throttling) and
 * usage plans with API keys ({@code x-api-key}), each plan a bucket per key. Read from a JSON file:
 *
 * <pre>{@code
 * {
 *   "stage": {"rateLimit": 100, "burstLimit": 200},
 *   "apiKeyRequired": false,
 *   "usagePlans": [
 *     {"name": "partners", "throttle": {"rateLimit": 10, "burstLimit": 20}, "apiKeys": ["key-1", "key-2"]}
 *   ]
 * }
 * }</pre>
 */
public final class GatewayThrottling {
    /** API Gateway's default account-level limits. */
    public static final double DEFAULT_RATE = 10_000;
    public static final int DEFAULT_BURST = 5_000;

    /** The outcome of a check. */
    public sealed interface Decision {
        record Pass() implements Decision {}

        record Throttled(long retryAfterSeconds) implements Decision {}

        record Forbidden() implements Decision {}
    }

    private final TokenBucket stage;
    private final boolean apiKeyRequired;
    private final Map<String, TokenBucket> keys;

    private GatewayThrottling(TokenBucket stage, boolean apiKeyRequired, Map<String, TokenBucket> keys) {
        this.stage = stage;
        this.apiKeyRequired = apiKeyRequired;
        this.keys = Map.copyOf(keys);
    }

    public static GatewayThrottling defaults() {
        return new GatewayThrottling(new TokenBucket(DEFAULT_RATE, DEFAULT_BURST, System.nanoTime()), false, Map.of());
    }

    public static GatewayThrottling fromFile(Path file, Json json) {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the throttling configuration " + file, e);
        }
        long now = System.nanoTime();
        JsonNode stage = root.path("stage");
        TokenBucket stageBucket = new TokenBucket(stage.path("rateLimit").asDouble(DEFAULT_RATE),
                stage.path("burstLimit").asInt(DEFAULT_BURST), now);
        Map<String, TokenBucket> keys = new HashMap<>();
        for (JsonNode plan : root.path("usagePlans")) {
            double rate = plan.path("throttle").path("rateLimit").asDouble(DEFAULT_RATE);
            int burst = plan.path("throttle").path("burstLimit").asInt(DEFAULT_BURST);
            for (JsonNode key : plan.path("apiKeys")) {
                keys.put(key.asText(), new TokenBucket(rate, burst, now));
            }
        }
        return new GatewayThrottling(stageBucket, root.path("apiKeyRequired").asBoolean(false), keys);
    }

    /** The stage-wide limit, checked first, before authentication (as API Gateway does). */
    public Decision stage() {
        long wait = stage.tryAcquire(System.nanoTime());
        return wait == 0 ? new Decision.Pass() : new Decision.Throttled(wait);
    }

    /** The API key and its usage plan's limit, checked after authentication. */
    public Decision apiKey(Optional<String> key) {
        TokenBucket bucket = key.map(keys::get).orElse(null);
        if (bucket == null) {
            return apiKeyRequired ? new Decision.Forbidden() : new Decision.Pass();
        }
        long wait = bucket.tryAcquire(System.nanoTime());
        return wait == 0 ? new Decision.Pass() : new Decision.Throttled(wait);
    }
}
