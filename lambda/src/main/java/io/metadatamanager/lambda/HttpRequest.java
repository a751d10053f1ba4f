package io.metadatamanager.lambda;

import java.util.Map;
import java.util.Objects;

/**
 * A request as the handler sees it, whichever payload version carried it.
 *
 * @param method the HTTP method, upper case
 * @param path the resource path without stage prefix
 * @param headers header values by lower-case name
 * @param query query parameters by name (the last value of a repeated one)
 * @param body the raw body, empty when there is none
 * @param requestId API Gateway's request id
 * @param claims the authorizer's token claims; empty when the request is not authenticated
 * @param basePath what precedes {@code path} in the URL the client used (the stage, or a custom domain's base
 *     path), empty when nothing does; for links the API hands out
 */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        byte[] body,
        String requestId,
        Map<String, String> claims,
        String basePath) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(requestId, "requestId");
        claims = Map.copyOf(claims);
        Objects.requireNonNull(basePath, "basePath");
    }

    /** A request served at the root of its host. */
    public HttpRequest(String method, String path, Map<String, String> headers, Map<String, String> query, byte[] body,
            String requestId, Map<String, String> claims) {
        this(method, path, headers, query, body, requestId, claims, "");
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
