package io.metadatamanager.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.ResponseType;

/**
 * Errors that API Gateway answers itself (authorizer, throttling, size limits, integration failures), shaped
 * like the function's own: RFC 9457 problem details with the same security headers.
 */
final class GatewayProblems {
    static final String TYPE_PREFIX = "urn:metadata-manager:problem:";
    static final String CONTENT_TYPE = "application/problem+json";

    /** The headers the function sets on every authenticated response, as static gateway response values. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Type", CONTENT_TYPE,
            "X-Content-Type-Options", "nosniff",
            "Strict-Transport-Security", "max-age=63072000; includeSubDomains",
            "Content-Security-Policy", "frame-ancestors 'none'",
            "Cache-Control", "no-store");

    /**
     * One gateway response.
     *
     * @param type the API Gateway response type
     * @param status the status to send; empty keeps API Gateway's own (the DEFAULT_ types cover many)
     * @param slug the problem type's last part
     * @param title the problem's title
     */
    record Problem(ResponseType type, Optional<Integer> status, String slug, String title) {
        String template() {
            return "{\"type\":\"" + TYPE_PREFIX + slug + "\",\"title\":\"" + title + "\","
                    + status.map(s -> "\"status\":" + s + ",").orElse("")
                    + "\"detail\":$context.error.messageString,\"requestId\":\"$context.requestId\"}";
        }
    }

    static final List<Problem> PROBLEMS = List.of(
            new Problem(ResponseType.DEFAULT_4_XX, Optional.empty(), "client-error", "Client error"),
            new Problem(ResponseType.DEFAULT_5_XX, Optional.empty(), "server-error", "Server error"),
            new Problem(ResponseType.BAD_REQUEST_BODY, Optional.of(400), "invalid-request", "Invalid request"),
            new Problem(ResponseType.BAD_REQUEST_PARAMETERS, Optional.of(400), "invalid-request", "Invalid request"),
            new Problem(ResponseType.UNAUTHORIZED, Optional.of(401), "unauthorized", "Unauthorized"),
            new Problem(ResponseType.ACCESS_DENIED, Optional.of(403), "forbidden", "Forbidden"),
            new Problem(ResponseType.INVALID_API_KEY, Optional.of(403), "invalid-api-key", "Invalid API key"),
            new Problem(ResponseType.WAF_FILTERED, Optional.of(403), "forbidden", "Forbidden"),
            // API Gateway answers a path or method that no resource defines with this type (and a 403).
            new Problem(ResponseType.MISSING_AUTHENTICATION_TOKEN, Optional.of(404), "not-found", "Not found"),
            new Problem(ResponseType.RESOURCE_NOT_FOUND, Optional.of(404), "not-found", "Not found"),
            new Problem(ResponseType.REQUEST_TOO_LARGE, Optional.of(413), "payload-too-large", "Payload too large"),
            new Problem(ResponseType.UNSUPPORTED_MEDIA_TYPE, Optional.of(415), "unsupported-media-type",
                    "Unsupported media type"),
            new Problem(ResponseType.THROTTLED, Optional.of(429), "too-many-requests", "Too many requests"),
            new Problem(ResponseType.QUOTA_EXCEEDED, Optional.of(429), "too-many-requests", "Too many requests"),
            new Problem(ResponseType.INTEGRATION_FAILURE, Optional.of(502), "bad-gateway", "Bad gateway"),
            new Problem(ResponseType.INTEGRATION_TIMEOUT, Optional.of(504), "gateway-timeout", "Gateway timeout"));

    private GatewayProblems() {}

    static void addTo(RestApi api) {
        Map<String, String> headers = staticValues(HEADERS);
        for (Problem problem : PROBLEMS) {
            GatewayResponseOptions.Builder options = GatewayResponseOptions.builder()
                    .type(problem.type())
                    .responseHeaders(headers)
                    // the only template, so API Gateway uses it whatever the request's content type
                    .templates(Map.of("application/json", problem.template()));
            problem.status().ifPresent(s -> options.statusCode(Integer.toString(s)));
            api.addGatewayResponse(problem.type().getResponseType(), options.build());
        }
    }

    /** Static mapping values are single-quoted literals; quotes inside are escaped with a backslash. */
    static Map<String, String> staticValues(Map<String, String> headers) {
        Map<String, String> quoted = new TreeMap<>();
        headers.forEach((name, value) -> quoted.put(name, "'" + value.replace("'", "\\'") + "'"));
        return quoted;
    }
}
