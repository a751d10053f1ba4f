package io.metadatamanager.lambda;

import io.metadatamanager.core.Maintenance;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The function's settings. {@link #fromEnvironment} is the one place that reads the environment.
 *
 * @param tableName the DynamoDB table ({@code TABLE_NAME}, required)
 * @param endpoint a local or compatible engine ({@code DYNAMODB_ENDPOINT}); empty for AWS
 * @param region the AWS region ({@code AWS_REGION}; Lambda sets it)
 * @param localCredentials whether to use dummy credentials (a local endpoint and no AWS credentials set)
 * @param maxBodyBytes the largest request body accepted ({@code MAX_BODY_BYTES}, default 256 KiB)
 * @param cursorKey the list-cursor signing key ({@code CURSOR_SECRET}, base64, at least 32 bytes); when
 *     empty, a key kept in the table is used
 * @param idempotencyExpiry how long an {@code Idempotency-Key} is remembered ({@code IDEMPOTENCY_TTL_SECONDS},
 *     default 24 h)
 * @param retention versions kept per document ({@code RETENTION_MAX_VERSIONS}, {@code RETENTION_MAX_AGE_DAYS};
 *     default all), applied by the maintenance sweep
 * @param allowedClientIds app clients whose tokens are accepted ({@code ALLOWED_CLIENT_IDS}, comma-separated;
 *     empty: any the authorizer accepted). Checked again behind the authorizer, as defence in depth
 * @param acceptIdTokens whether ID tokens are accepted besides access tokens ({@code ACCEPT_ID_TOKENS})
 * @param tenantRate requests per second per tenant and instance ({@code TENANT_RATE_LIMIT}, default 100)
 * @param tenantBurst burst per tenant and instance ({@code TENANT_BURST_LIMIT}, default 200)
 */
public record HandlerConfig(
        String tableName,
        Optional<URI> endpoint,
        String region,
        boolean localCredentials,
        int maxBodyBytes,
        Optional<byte[]> cursorKey,
        Duration idempotencyExpiry,
        Maintenance.Retention retention,
        Set<String> allowedClientIds,
        boolean acceptIdTokens,
        double tenantRate,
        int tenantBurst) {

    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    public HandlerConfig {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(cursorKey, "cursorKey");
        Objects.requireNonNull(idempotencyExpiry, "idempotencyExpiry");
        Objects.requireNonNull(retention, "retention");
        allowedClientIds = Set.copyOf(allowedClientIds);
        if (tenantRate <= 0 || tenantBurst < 1) {
            throw new IllegalArgumentException("TENANT_RATE_LIMIT must be > 0 and TENANT_BURST_LIMIT >= 1");
        }
        if (tableName.isBlank()) {
            throw new IllegalArgumentException("TABLE_NAME must be set");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("MAX_BODY_BYTES must be positive");
        }
        if (cursorKey.isPresent() && cursorKey.get().length < 32) {
            throw new IllegalArgumentException("CURSOR_SECRET must hold at least 32 bytes (base64)");
        }
    }

    public static HandlerConfig fromEnvironment(Map<String, String> env) {
        String table = env.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("the environment variable TABLE_NAME is not set");
        }
        Optional<URI> endpoint = Optional.ofNullable(env.get("DYNAMODB_ENDPOINT"))
                .filter(s -> !s.isBlank())
                .map(URI::create);
        String region = Optional.ofNullable(env.get("AWS_REGION"))
                .filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")).filter(s -> !s.isBlank()))
                .orElse(endpoint.isPresent() ? "us-east-1" : null);
        if (region == null) {
            throw new IllegalStateException("the environment variable AWS_REGION is not set");
        }
        boolean local = endpoint.isPresent() && !env.containsKey("AWS_ACCESS_KEY_ID");
        int maxBody = Optional.ofNullable(env.get("MAX_BODY_BYTES"))
                .map(Integer::parseInt)
                .orElse(DEFAULT_MAX_BODY_BYTES);
        Optional<byte[]> key = Optional.ofNullable(env.get("CURSOR_SECRET"))
                .filter(s -> !s.isBlank())
                .map(s -> Base64.getDecoder().decode(s.strip()));
        Duration idempotency = Duration.ofSeconds(Optional.ofNullable(env.get("IDEMPOTENCY_TTL_SECONDS"))
                .map(Long::parseLong)
                .orElse(Duration.ofHours(24).toSeconds()));
        Maintenance.Retention retention = new Maintenance.Retention(
                Optional.ofNullable(env.get("RETENTION_MAX_VERSIONS")).filter(s -> !s.isBlank())
                        .map(s -> OptionalInt.of(Integer.parseInt(s))).orElse(OptionalInt.empty()),
                Optional.ofNullable(env.get("RETENTION_MAX_AGE_DAYS")).filter(s -> !s.isBlank())
                        .map(s -> Duration.ofDays(Long.parseLong(s))));
        Set<String> clients = Optional.ofNullable(env.get("ALLOWED_CLIENT_IDS")).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        boolean idTokens = Boolean.parseBoolean(env.getOrDefault("ACCEPT_ID_TOKENS", "false"));
        double rate = Double.parseDouble(env.getOrDefault("TENANT_RATE_LIMIT", "100"));
        int burst = Integer.parseInt(env.getOrDefault("TENANT_BURST_LIMIT", "200"));
        return new HandlerConfig(table, endpoint, region, local, maxBody, key, idempotency, retention, clients,
                idTokens, rate, burst);
    }
}
