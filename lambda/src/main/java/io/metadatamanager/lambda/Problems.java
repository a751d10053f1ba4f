package io.metadatamanager.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.error.DocumentAlreadyExistsException;
import io.metadatamanager.core.error.DocumentNotFoundException;
import io.metadatamanager.core.error.IdempotencyKeyInUseException;
import io.metadatamanager.core.error.IdempotencyKeyMismatchException;
import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.error.MetadataException;
import io.metadatamanager.core.error.PreconditionFailedException;
import io.metadatamanager.core.error.PreconditionRequiredException;
import io.metadatamanager.core.error.StorageUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where failures become HTTP responses: {@code application/problem+json}, RFC 9457. */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    /** Seconds a client should wait before retrying after a 503. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final Json json;

    public Problems(Json json) {
        this.json = json;
    }

    /** The response for a failure; unknown failures become a 500 that reveals nothing. */
    public HttpResponse toResponse(Throwable failure, String instance, String requestId) {
        ProblemType type;
        String detail = failure.getMessage();
        Map<String, String> headers = new LinkedHashMap<>();
        switch (failure) {
            case HttpProblemException e -> {
                type = e.type();
                headers.putAll(e.headers());
            }
            case MetadataException e -> type = typeOf(e);
            default -> {
                type = ProblemType.INTERNAL;
                detail = "An unexpected error occurred. Quote the request id when reporting it.";
            }
        }
        if (type == ProblemType.UNAVAILABLE) {
            headers.put("Retry-After", RETRY_AFTER_SECONDS);
        }
        return problem(type, detail, instance, requestId, headers);
    }

    public HttpResponse problem(
            ProblemType type, String detail, String instance, String requestId, Map<String, String> headers) {
        ObjectNode body = json.createObjectNode();
        body.put("type", type.type());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.put("instance", instance);
        body.put("requestId", requestId);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", CONTENT_TYPE);
        all.putAll(headers);
        return new HttpResponse(type.status(), all, json.writeValueAsBytes(body));
    }

    private static ProblemType typeOf(MetadataException e) {
        return switch (e) {
            case InvalidRequestException x -> ProblemType.INVALID_REQUEST;
            case DocumentNotFoundException x -> ProblemType.NOT_FOUND;
            case DocumentAlreadyExistsException x -> ProblemType.CONFLICT;
            case PreconditionFailedException x -> ProblemType.PRECONDITION_FAILED;
            case PreconditionRequiredException x -> ProblemType.PRECONDITION_REQUIRED;
            case IdempotencyKeyInUseException x -> ProblemType.CONFLICT;
            case IdempotencyKeyMismatchException x -> ProblemType.UNPROCESSABLE;
            case StorageUnavailableException x -> ProblemType.UNAVAILABLE;
        };
    }
}
