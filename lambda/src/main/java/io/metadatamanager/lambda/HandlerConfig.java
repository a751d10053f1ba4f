package io.metadatamanager.lambda;

import io.metadatamanager.core.Maintenance;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

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
 * @param primeAtInit whether to warm the request path during init, off the request path: with provisioned
 *     concurrency ({@code AWS_LAMBDA_INITIALIZATION_TYPE}). SnapStart primes before its snapshot instead, and an
 *     on-demand cold start gains nothing from moving work from its first request into its init
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
        int tenantBurst,
        boolean primeAtInit) {

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

    /**
     * Reads the configuration. Plain code on purpose: it runs first at every cold start, where each lambda and
     * stream pipeline costs class generation (this method took about 35 ms with them, a few without).
     */
    public static HandlerConfig fromEnvironment(Map<String, String> env) {
        String table = value(env, "TABLE_NAME");
        if (table == null) {
            throw new IllegalStateException("the environment variable TABLE_NAME is not set");
        }
        String endpointValue = value(env, "DYNAMODB_ENDPOINT");
        Optional<URI> endpoint = endpointValue == null ? Optional.empty() : Optional.of(URI.create(endpointValue));
        String region = value(env, "AWS_REGION");
        if (region == null) {
            region = value(env, "AWS_DEFAULT_REGION");
        }
        if (region == null && endpoint.isPresent()) {
            region = "us-east-1";
        }
        if (region == null) {
            throw new IllegalStateException("the environment variable AWS_REGION is not set");
        }
        boolean local = endpoint.isPresent() && !env.containsKey("AWS_ACCESS_KEY_ID");
        String maxBodyValue = env.get("MAX_BODY_BYTES");
        int maxBody = maxBodyValue == null ? DEFAULT_MAX_BODY_BYTES : Integer.parseInt(maxBodyValue);
        String secret = value(env, "CURSOR_SECRET");
        Optional<byte[]> key = secret == null ? Optional.empty()
                : Optional.of(Base64.getDecoder().decode(secret.strip()));
        String ttl = env.get("IDEMPOTENCY_TTL_SECONDS");
        Duration idempotency = ttl == null ? Duration.ofHours(24) : Duration.ofSeconds(Long.parseLong(ttl));
        String maxVersions = value(env, "RETENTION_MAX_VERSIONS");
        String maxAgeDays = value(env, "RETENTION_MAX_AGE_DAYS");
        Maintenance.Retention retention = new Maintenance.Retention(
                maxVersions == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(maxVersions)),
                maxAgeDays == null ? Optional.empty() : Optional.of(Duration.ofDays(Long.parseLong(maxAgeDays))));
        Set<String> clients = new HashSet<>();
        String clientList = env.get("ALLOWED_CLIENT_IDS");
        if (clientList != null) {
            for (String client : clientList.split(",")) {
                if (!client.isBlank()) {
                    clients.add(client.strip());
                }
            }
        }
        boolean idTokens = Boolean.parseBoolean(env.getOrDefault("ACCEPT_ID_TOKENS", "false"));
        double rate = Double.parseDouble(env.getOrDefault("TENANT_RATE_LIMIT", "100"));
        int burst = Integer.parseInt(env.getOrDefault("TENANT_BURST_LIMIT", "200"));
        boolean primeAtInit = "provisioned-concurrency".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        return new HandlerConfig(table, endpoint, region, local, maxBody, key, idempotency, retention, clients,
                idTokens, rate, burst, primeAtInit);
    }

    /** The variable's value, or null when it is unset or blank. */
    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
