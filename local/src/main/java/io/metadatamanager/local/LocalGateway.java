package io.metadatamanager.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metadatamanager.core.Json;
import io.metadatamanager.lambda.HttpProblemException;
import io.metadatamanager.lambda.HttpResponse;
import io.metadatamanager.lambda.ProblemType;
import io.metadatamanager.lambda.Problems;
import io.metadatamanager.lambda.RequestLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local API Gateway: turns each HTTP request into the REST API (payload 1.0) proxy event the cloud
 * sends, with the authorizer claims of a verified bearer token, invokes the handler, and writes its
 * response back. Requests it refuses itself (no valid token, body over the gateway limit) are answered with
 * problem+json and logged here; all others are logged by the handler.
 */
public final class LocalGateway implements AutoCloseable {
    /** API Gateway's own payload limit. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    static final String JWKS_PATH = "/.well-known/jwks.json";
    /** What the JDK's server drains of an unread request body before it reuses a connection (its default). */
    private static final long DRAIN_BYTES = 64 * 1024;
    private static final String STAGE = "local";

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestStreamHandler handler;
    private final TokenVerifier verifier;
    private final GatewayThrottling throttling;
    private final Set<String> corsOrigins;
    private final byte[] jwks;
    private final Json json;
    private final Problems problems;
    private final RequestLog log;

    private LocalGateway(HttpServer server, ExecutorService executor, RequestStreamHandler handler,
            TokenVerifier verifier, GatewayThrottling throttling, Set<String> corsOrigins, String jwks,
            Json json) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.verifier = verifier;
        this.throttling = throttling;
        this.corsOrigins = Set.copyOf(corsOrigins);
        this.jwks = jwks.getBytes(StandardCharsets.UTF_8);
        this.json = json;
        this.problems = new Problems(json);
        this.log = new RequestLog(json, System.out);
    }

    /**
     * Starts listening; port 0 picks a free one.
     *
     * @param jwksJson the public keys to serve at {@value #JWKS_PATH} (the local identity's)
     * @param corsOrigins origins allowed to call from a browser; empty: CORS off
     */
    public static LocalGateway start(String host, int port, RequestStreamHandler handler, TokenVerifier verifier,
            GatewayThrottling throttling, Set<String> corsOrigins, String jwksJson, Json json)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LocalGateway gateway = new LocalGateway(server, executor, handler, verifier, throttling, corsOrigins,
                jwksJson, json);
        server.createContext("/", gateway::serve);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void serve(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = path(exchange.getRequestURI());
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        Map<String, String> cors = origin != null && corsOrigins.contains(origin)
                ? Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin",
                        "Access-Control-Expose-Headers", "ETag, Location, Retry-After, Idempotent-Replayed")
                : Map.of();
        try (exchange) {
            if (path.equals(JWKS_PATH) && method.equals("GET")) {
                send(exchange, new HttpResponse(200, Map.of("Content-Type", "application/json"), jwks));
                return;
            }
            if (method.equals("OPTIONS") && !cors.isEmpty()
                    && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
                send(exchange, new HttpResponse(204, Map.of(), new byte[0]).withHeaders(cors).withHeaders(Map.of(
                        "Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE",
                        "Access-Control-Allow-Headers",
                        "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Api-Key",
                        "Access-Control-Max-Age", "600")));
                return;
            }
            HttpResponse response;
            try {
                response = forward(exchange, method, path, requestId);
            } catch (HttpProblemException e) {
                response = problems.toResponse(e, path, requestId).withHeaders(Map.of(
                        "X-Content-Type-Options", "nosniff",
                        "Strict-Transport-Security", "max-age=63072000; includeSubDomains",
                        "Content-Security-Policy", "frame-ancestors 'none'",
                        "Cache-Control", "no-store"));
                log.request(requestId, method, "gateway", response.status(), (System.nanoTime() - start) / 1e6, null);
            }
            send(exchange, response.withHeaders(cors));
        }
    }

    private HttpResponse forward(HttpExchange exchange, String method, String path, String requestId)
            throws IOException {
        check(throttling.stage());
        Map<String, String> claims = Map.of();
        if (!path.equals("/health")) {
            claims = authenticate(exchange.getRequestHeaders());
            check(throttling.apiKey(Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-api-key"))));
        }
        byte[] body = readBody(exchange.getRequestBody());
        ObjectNode event = event(exchange, method, path, requestId, claims, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out,
                new LocalContext(requestId, System.currentTimeMillis() + 29_000));
        return response(json.readTree(out.toByteArray()));
    }

    private static void check(GatewayThrottling.Decision decision) {
        switch (decision) {
            case GatewayThrottling.Decision.Throttled t -> throw new HttpProblemException(
                    ProblemType.TOO_MANY_REQUESTS, "too many requests; retry later",
                    Map.of("Retry-After", Long.toString(t.retryAfterSeconds())));
            case GatewayThrottling.Decision.Forbidden f -> throw new HttpProblemException(
                    ProblemType.FORBIDDEN, "a valid API key is required (x-api-key)");
            case GatewayThrottling.Decision.Pass p -> { }
        }
    }

    /** Only the Authorization header is read: never a query parameter, a cookie or another header. */
    private Map<String, String> authenticate(Headers headers) {
        List<String> values = headers.get("Authorization");
        String value = values == null || values.size() != 1 ? null : values.getFirst();
        if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized();
        }
        return switch (verifier.verify(value.substring(7).strip())) {
            case TokenVerifier.Result.Valid valid -> valid.claims();
            case TokenVerifier.Result.Invalid invalid -> throw unauthorized();
            case TokenVerifier.Result.KeysUnavailable unavailable -> throw new HttpProblemException(
                    ProblemType.UNAVAILABLE, "the token issuer's keys cannot be fetched right now");
        };
    }

    /**
     * The path the client asked for. The JDK's server parses a request target that starts with {@code //} as
     * a network-path reference ({@code //health/metadata/x}: authority {@code health}, path {@code /metadata/x});
     * put it back together, so that it is routed as the path it is and not as another one.
     */
    private static String path(URI target) {
        if (target.getScheme() == null && target.getRawAuthority() != null) {
            return "//" + target.getAuthority() + target.getPath();
        }
        return target.getPath();
    }

    private static HttpProblemException unauthorized() {
        return new HttpProblemException(ProblemType.UNAUTHORIZED, "a valid bearer token is required",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /**
     * Reads what is left of the request body, as much as the JDK's server would drain itself before it reuses
     * the connection.
     *
     * @return whether that was all of it
     */
    private static boolean drained(InputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long read = 0;
        while (read <= DRAIN_BYTES) {
            int n = body.read(buffer);
            if (n < 0) {
                return true;
            }
            read += n;
        }
        return false;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        if (body.length > MAX_PAYLOAD_BYTES) {
            throw new HttpProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "the body exceeds the gateway limit of " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return body;
    }

    private ObjectNode event(HttpExchange exchange, String method, String path, String requestId,
            Map<String, String> claims, byte[] body) {
        ObjectNode event = json.createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.getLast());
            ArrayNode all = multiHeaders.putArray(name);
            values.forEach(all::add);
        });
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.getLast());
                ArrayNode all = multi.putArray(name);
                values.forEach(all::add);
            });
        }
        event.putObject("pathParameters").put("proxy", path.substring(1));
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", "/{proxy+}");
        context.put("httpMethod", method);
        context.put("path", path); // served at the root, like a custom domain without base path
        context.put("stage", STAGE);
        context.put("requestId", requestId);
        context.put("requestTimeEpoch", System.currentTimeMillis());
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        identity.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        if (!claims.isEmpty()) {
            ObjectNode claimNode = context.putObject("authorizer").putObject("claims");
            claims.forEach(claimNode::put);
        }
        Optional<String> text = utf8(body);
        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (text.isPresent()) {
            event.put("body", text.get());
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        }
        return event;
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                out.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw new HttpProblemException(ProblemType.INVALID_REQUEST, "the query string is malformed");
            }
        }
        return out;
    }

    /** Percent-decoding that refuses bad escapes and bytes that are not UTF-8, instead of guessing. */
    private static String decode(String component) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(component.charAt(i + 1), 16);
                int lo = Character.digit(component.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return utf8(bytes.toByteArray()).orElseThrow(() -> new IllegalArgumentException("not UTF-8"));
    }

    private static HttpResponse response(JsonNode result) {
        int status = result.path("statusCode").asInt(502);
        Map<String, String> headers = new LinkedHashMap<>();
        result.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        JsonNode bodyNode = result.get("body");
        byte[] body = bodyNode == null || bodyNode.isNull() ? new byte[0]
                : result.path("isBase64Encoded").asBoolean(false)
                        ? Base64.getDecoder().decode(bodyNode.asText())
                        : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        return new HttpResponse(status, headers, body);
    }

    private static void send(HttpExchange exchange, HttpResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(headers::set);
        if (!drained(exchange.getRequestBody())) {
            // refused before the body was read, and too much of it is left: the JDK's server will close the
            // connection after this response, so tell the client not to send its next request on it
            headers.set("Connection", "close");
        }
        // a response to HEAD has no body; writing one breaks the connection the client keeps for its next request
        boolean noBody = response.status() == 204 || response.status() == 304 || response.body().length == 0
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
