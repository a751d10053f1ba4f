package io.metadatamanager.lambda;

import java.util.Map;
import java.util.Objects;

/** A failure decided at the HTTP layer (authentication, routing, media types, sizes). */
public final class HttpProblemException extends RuntimeException {
    private final ProblemType type;
    private final transient Map<String, String> headers;

    public HttpProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public HttpProblemException(ProblemType type, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.headers = Map.copyOf(headers);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
