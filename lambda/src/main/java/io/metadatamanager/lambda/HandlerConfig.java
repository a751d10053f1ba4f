package io.metadatamanager.lambda;

import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 */
public record HandlerConfig(
        String tableName,
        Optional<URI> endpoint,
        String region,
        boolean localCredentials,
        int maxBodyBytes,
        Optional<byte[]> cursorKey) {

    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    public HandlerConfig {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(cursorKey, "cursorKey");
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
        return new HandlerConfig(table, endpoint, region, local, maxBody, key);
    }
}
