package io.metadatamanager.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.DocumentFields;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.DocumentVersion;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IdempotentCreates;
import io.metadatamanager.core.IfMatch;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.core.Slice;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.core.VersionSummary;
import io.metadatamanager.core.error.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Routes requests to the use cases and renders their results. Every failure goes through {@link Problems}. */
public final class Api {
    /**
     * The outcome of one request.
     *
     * @param route the matched route template, for logs and metrics
     * @param response what to send
     * @param serverFailure what went wrong on our side (a 5xx), for the log; {@code null} otherwise
     */
    public record Exchange(String route, HttpResponse response, Throwable serverFailure) {}

    static final String JSON = "application/json";
    static final String MERGE_PATCH = "application/merge-patch+json";

    private static final String HEALTH = "/health";
    private static final String COLLECTION = "/metadata";
    private static final String ITEM = "/metadata/{id}";
    private static final String VERSIONS = "/metadata/{id}/versions";
    private static final String VERSION = "/metadata/{id}/versions/{version}";
    private static final String RESTORE = "/metadata/{id}/versions/{version}/restore";
    private static final String DIFF = "/metadata/{id}/diff";
    static final String JSON_PATCH = "application/json-patch+json";

    private final Documents documents;
    private final IdempotentCreates idempotentCreates;
    private final Json json;
    private final Problems problems;
    private final int maxBodyBytes;
    private final Set<String> allowedClientIds;
    private final boolean acceptIdTokens;
    private final TenantRateLimiter tenantLimiter;

    /**
     * @param allowedClientIds app clients whose tokens are accepted; empty for any the authorizer accepted
     * @param acceptIdTokens whether ID tokens are accepted besides access tokens
     */
    public Api(Documents documents, IdempotentCreates idempotentCreates, Json json, int maxBodyBytes,
            Set<String> allowedClientIds, boolean acceptIdTokens, TenantRateLimiter tenantLimiter) {
        this.allowedClientIds = Set.copyOf(allowedClientIds);
        this.acceptIdTokens = acceptIdTokens;
        this.tenantLimiter = Objects.requireNonNull(tenantLimiter, "tenantLimiter");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.idempotentCreates = Objects.requireNonNull(idempotentCreates, "idempotentCreates");
        this.json = Objects.requireNonNull(json, "json");
        this.problems = new Problems(json);
        this.maxBodyBytes = maxBodyBytes;
    }

    public Exchange handle(HttpRequest received) {
        // HEAD is GET without the body (RFC 9110, section 9.3.2)
        boolean head = received.method().equals("HEAD");
        HttpRequest request = head
                ? new HttpRequest("GET", received.path(), received.headers(), received.query(), received.body(),
                        received.requestId(), received.claims(), received.basePath())
                : received;
        String route = "unmatched";
        HttpResponse response;
        Throwable serverFailure = null;
        try {
            String path = request.path();
            if (path.equals(HEALTH)) {
                route = HEALTH;
                allow(request, "GET");
                response = json(200, json.createObjectNode().put("status", "ok"), Map.of());
            } else if (path.equals(COLLECTION)) {
                route = COLLECTION;
                response = switch (allow(request, "GET", "POST")) {
                    case "GET" -> list(request, tenant(request));
                    default -> create(request, tenant(request));
                };
            } else if (path.startsWith(COLLECTION + "/")) {
                String[] segments = path.substring(COLLECTION.length() + 1).split("/", -1);
                route = itemRoute(segments);
                response = switch (route) {
                    case ITEM -> item(request, segments);
                    case VERSIONS -> {
                        allow(request, "GET");
                        yield history(request, tenant(request), new DocumentId(segments[0]));
                    }
                    case VERSION -> {
                        allow(request, "GET");
                        TenantId tenant = tenant(request);
                        yield document(200, documents.version(tenant, new DocumentId(segments[0]),
                                versionNumber(segments[2])), Map.of());
                    }
                    case RESTORE -> {
                        allow(request, "POST");
                        TenantId tenant = tenant(request);
                        DocumentId id = new DocumentId(segments[0]);
                        IfMatch ifMatch = IfMatch.parse(request.header("if-match"));
                        yield document(200, documents.restore(tenant, actor(request, tenant), id,
                                versionNumber(segments[2]), ifMatch), Map.of());
                    }
                    case DIFF -> {
                        allow(request, "GET");
                        yield diff(request, tenant(request), new DocumentId(segments[0]));
                    }
                    default -> throw new HttpProblemException(ProblemType.NOT_FOUND, "no resource at this path");
                };
            } else {
                throw new HttpProblemException(ProblemType.NOT_FOUND, "no resource at this path");
            }
        } catch (RuntimeException e) {
            response = problems.toResponse(e, request.path(), request.requestId());
            serverFailure = response.status() >= 500 ? e : null;
        }
        HttpResponse secured = secure(response, !route.equals(HEALTH));
        if (head) {
            secured = new HttpResponse(secured.status(), secured.headers(), new byte[0]);
        }
        return new Exchange(route, secured, serverFailure);
    }

    private static String itemRoute(String[] segments) {
        return switch (segments.length) {
            case 1 -> ITEM;
            case 2 -> segments[1].equals("versions") ? VERSIONS : segments[1].equals("diff") ? DIFF : "unmatched";
            case 3 -> segments[1].equals("versions") ? VERSION : "unmatched";
            case 4 -> segments[1].equals("versions") && segments[3].equals("restore") ? RESTORE : "unmatched";
            default -> "unmatched";
        };
    }

    private HttpResponse item(HttpRequest request, String[] segments) {
        String method = allow(request, "GET", "PUT", "PATCH", "DELETE");
        TenantId tenant = tenant(request);
        DocumentId id = new DocumentId(segments[0]);
        return switch (method) {
            case "GET" -> get(request, tenant, id);
            case "PUT" -> replace(request, tenant, id);
            case "PATCH" -> patch(request, tenant, id);
            default -> delete(request, tenant, id);
        };
    }

    private HttpResponse history(HttpRequest request, TenantId tenant, DocumentId id) {
        int limit = limit(request.query().get("limit"));
        Optional<String> cursor = Optional.ofNullable(request.query().get("cursor"));
        Slice<VersionSummary> slice = documents.history(tenant, id, limit, cursor);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (VersionSummary v : slice.items()) {
            ObjectNode item = items.addObject();
            item.put("version", v.version());
            item.put("operation", v.operation().wireName());
            item.put("updatedAt", DocumentFields.timestamp(v.updatedAt()));
            ObjectNode actor = item.putObject("actor");
            actor.put("sub", v.actor().sub());
            if (v.actor().clientId().isEmpty()) {
                actor.putNull("clientId");
            } else {
                actor.put("clientId", v.actor().clientId());
            }
            item.put("size", v.size());
        }
        return page(out, slice);
    }

    private HttpResponse diff(HttpRequest request, TenantId tenant, DocumentId id) {
        String from = request.query().get("from");
        String to = request.query().get("to");
        if (from == null || to == null) {
            throw new InvalidRequestException("from and to are required");
        }
        JsonNode patch = documents.diff(tenant, id, versionNumber(from), versionNumber(to));
        return json(200, patch, Map.of("Content-Type", JSON_PATCH));
    }

    private static long versionNumber(String value) {
        try {
            long version = Long.parseLong(value);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("a version must be a positive integer");
    }

    /** The response for an unexpected failure outside {@link #handle}. */
    public HttpResponse failure(Throwable failure, String instance, String requestId) {
        return secure(problems.toResponse(failure, instance, requestId), true);
    }

    private HttpResponse create(HttpRequest request, TenantId tenant) {
        ObjectNode body = objectBody(request, JSON);
        String key = request.header("idempotency-key");
        if (key == null) {
            DocumentVersion created = documents.create(tenant, actor(request, tenant), body);
            return document(201, created, Map.of("Location", location(request, created)));
        }
        IdempotentCreates.Outcome outcome =
                idempotentCreates.create(tenant, actor(request, tenant), key, request.body(), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", location(request, outcome.document()));
        if (outcome.replayed()) {
            headers.put("Idempotent-Replayed", "true");
        }
        return document(201, outcome.document(), headers);
    }

    /** Where the new document is, as the client reaches it (behind a stage or a custom domain's base path). */
    private static String location(HttpRequest request, DocumentVersion created) {
        return request.basePath() + COLLECTION + "/" + created.id().value();
    }

    private HttpResponse get(HttpRequest request, TenantId tenant, DocumentId id) {
        DocumentVersion current = documents.get(tenant, id);
        String ifNoneMatch = request.header("if-none-match");
        if (ifNoneMatch != null && noneMatchHits(ifNoneMatch, current.etag())) {
            return new HttpResponse(304, Map.of("ETag", current.etag()), new byte[0]);
        }
        return document(200, current, Map.of());
    }

    private HttpResponse replace(HttpRequest request, TenantId tenant, DocumentId id) {
        IfMatch ifMatch = IfMatch.parse(request.header("if-match"));
        ObjectNode body = objectBody(request, JSON);
        return document(200, documents.replace(tenant, actor(request, tenant), id, ifMatch, body), Map.of());
    }

    private HttpResponse patch(HttpRequest request, TenantId tenant, DocumentId id) {
        IfMatch ifMatch = IfMatch.parse(request.header("if-match"));
        JsonNode patch = body(request, MERGE_PATCH);
        return document(200, documents.patch(tenant, actor(request, tenant), id, ifMatch, patch), Map.of());
    }

    private HttpResponse delete(HttpRequest request, TenantId tenant, DocumentId id) {
        IfMatch ifMatch = IfMatch.parse(request.header("if-match"));
        documents.delete(tenant, actor(request, tenant), id, ifMatch);
        return new HttpResponse(204, Map.of(), new byte[0]);
    }

    private HttpResponse list(HttpRequest request, TenantId tenant) {
        Optional<String> page = Optional.ofNullable(request.query().get("page"));
        if (page.isPresent() && page.get().isEmpty()) {
            throw new InvalidRequestException("page must not be empty");
        }
        int limit = limit(request.query().get("limit"));
        Optional<String> cursor = Optional.ofNullable(request.query().get("cursor"));
        Slice<DocumentVersion> slice = documents.list(tenant, page, limit, cursor);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (DocumentVersion item : slice.items()) {
            items.add(DocumentFields.render(item, json.getNodeFactory()));
        }
        return page(out, slice);
    }

    /** A page of a listing: the items already in {@code out}, and where the next page starts (or null). */
    private HttpResponse page(ObjectNode out, Slice<?> slice) {
        out.put("nextCursor", slice.next().orElse(null));
        return json(200, out, Map.of());
    }

    private static int limit(String value) {
        if (value == null) {
            return Documents.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("limit must be an integer between 1 and " + Documents.MAX_LIMIT);
        }
    }

    private HttpResponse document(int status, DocumentVersion version, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("ETag", version.etag());
        return json(status, json.write(g -> DocumentFields.write(g, version)), all);
    }

    private HttpResponse json(int status, JsonNode body, Map<String, String> headers) {
        return json(status, json.writeValueAsBytes(body), headers);
    }

    private static HttpResponse json(int status, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", JSON);
        all.putAll(headers);
        return new HttpResponse(status, all, body);
    }

    private ObjectNode objectBody(HttpRequest request, String mediaType) {
        JsonNode body = body(request, mediaType);
        if (!body.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private JsonNode body(HttpRequest request, String mediaType) {
        byte[] bytes = request.body();
        if (bytes.length > maxBodyBytes) {
            throw new HttpProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "the body exceeds " + maxBodyBytes + " bytes");
        }
        String contentType = request.header("content-type");
        if (contentType == null || !mediaType(contentType).equals(mediaType)) {
            Map<String, String> headers = mediaType.equals(MERGE_PATCH)
                    ? Map.of("Accept-Patch", MERGE_PATCH)
                    : Map.of();
            throw new HttpProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be sent as " + mediaType, headers);
        }
        if (bytes.length == 0) {
            throw new InvalidRequestException("a JSON body is required");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRequestException("a JSON body is required");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException("the body breaks a JSON limit (nesting deeper than "
                    + JsonSupport.MAX_NESTING_DEPTH + ", or a number or string too long)");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON (" + location(e) + ")");
        } catch (IOException e) {
            throw new InvalidRequestException("the body cannot be read");
        } catch (NumberFormatException e) {
            // Jackson reports a number whose exponent overflows (e.g. 1e-2147483648) this way, not as a parse error
            throw new InvalidRequestException("the body holds a number that cannot be represented");
        }
    }

    private static String location(JsonProcessingException e) {
        var where = e.getLocation();
        return where == null ? "malformed" : "line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean noneMatchHits(String header, String etag) {
        if (header.strip().equals("*")) {
            return true;
        }
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tenant: the {@code sub} claim the authorizer verified, and nothing else (never the body, path, query
     * or headers). The token's use and client are checked again here, behind the authorizer.
     */
    private TenantId tenant(HttpRequest request) {
        Map<String, String> claims = request.claims();
        String sub = claims.get("sub");
        if (sub == null || sub.isBlank() || !acceptedUse(claims)) {
            throw new HttpProblemException(ProblemType.UNAUTHORIZED, "a valid bearer token is required",
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        long wait = tenantLimiter.tryAcquire(sub);
        if (wait > 0) {
            throw new HttpProblemException(ProblemType.TOO_MANY_REQUESTS,
                    "too many requests for this tenant; retry later", Map.of("Retry-After", Long.toString(wait)));
        }
        return new TenantId(sub);
    }

    private boolean acceptedUse(Map<String, String> claims) {
        String use = claims.get("token_use");
        if (use == null) {
            return true; // an authorizer that does not pass it on (e.g. a generic JWT authorizer)
        }
        String client;
        if (use.equals("access")) {
            client = claims.get("client_id");
        } else if (use.equals("id") && acceptIdTokens) {
            client = claims.get("aud");
        } else {
            return false;
        }
        return allowedClientIds.isEmpty() || (client != null && allowedClientIds.contains(client));
    }

    private static Actor actor(HttpRequest request, TenantId tenant) {
        return Actor.of(tenant, request.claims().get("client_id"));
    }

    private static String allow(HttpRequest request, String... methods) {
        for (String method : methods) {
            if (method.equals(request.method())) {
                return method;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (String method : methods) {
            allowed.add(method);
            if (method.equals("GET")) {
                allowed.add("HEAD");
            }
        }
        throw new HttpProblemException(ProblemType.METHOD_NOT_ALLOWED,
                "this resource does not support " + request.method(), Map.of("Allow", String.join(", ", allowed)));
    }

    /** Headers every response carries, errors included. */
    private static HttpResponse secure(HttpResponse response, boolean authenticated) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
        headers.put("Content-Security-Policy", "frame-ancestors 'none'");
        if (authenticated) {
            headers.put("Cache-Control", "no-store");
        }
        return response.withHeaders(headers);
    }
}
