package io.metadatamanager.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Json.Projection;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads API Gateway proxy events, REST API payload 1.0 and HTTP API payload 2.0, and writes the matching
 * response document.
 */
public final class ApiGatewayEvents {
    /** Which payload format an event used; the response must use the same. */
    public enum PayloadVersion { V1, V2 }

    /** An event read into a request. */
    public record Event(PayloadVersion version, HttpRequest request) {}

    /**
     * The parts of an event that {@link #read(JsonNode)} looks at, of both payload versions. The rest (the
     * caller's identity, stage variables, path parameters, the raw payload's duplicates) is skipped unbuilt.
     */
    private static final Projection READ = Projection.of(Map.ofEntries(
            Map.entry("version", Projection.ALL),
            Map.entry("httpMethod", Projection.ALL),
            Map.entry("path", Projection.ALL),
            Map.entry("rawPath", Projection.ALL),
            Map.entry("rawQueryString", Projection.ALL),
            Map.entry("headers", Projection.ALL),
            Map.entry("multiValueHeaders", Projection.ALL),
            Map.entry("queryStringParameters", Projection.ALL),
            Map.entry("multiValueQueryStringParameters", Projection.ALL),
            Map.entry("body", Projection.ALL),
            Map.entry("isBase64Encoded", Projection.ALL),
            Map.entry("requestContext", Projection.of(Map.of(
                    "requestId", Projection.ALL,
                    "path", Projection.ALL,
                    "stage", Projection.ALL,
                    "http", Projection.of(Map.of("method", Projection.ALL)),
                    "authorizer", Projection.of(Map.of(
                            "claims", Projection.ALL,
                            "jwt", Projection.of(Map.of("claims", Projection.ALL)))))))));

    private final Json json;

    public ApiGatewayEvents(Json json) {
        this.json = json;
    }

    /**
     * Reads an event from the stream, building only the parts of it that are used.
     *
     * @throws IOException when the stream is not JSON
     * @throws IllegalArgumentException when the document is not an API Gateway proxy event
     */
    public Event read(InputStream event) throws IOException {
        return read(json.readTree(event, READ));
    }

    /** @throws IllegalArgumentException when the document is not an API Gateway proxy event */
    public Event read(JsonNode event) {
        if (!event.isObject()) {
            throw new IllegalArgumentException("not an API Gateway proxy event");
        }
        JsonNode context = event.path("requestContext");
        String requestId = context.path("requestId").asText("");
        boolean v2 = "2.0".equals(event.path("version").asText());
        String method;
        String path;
        String basePath;
        Map<String, String> headers = new HashMap<>();
        Map<String, String> query = new HashMap<>();
        JsonNode claims;
        if (v2) {
            method = context.path("http").path("method").asText("");
            String rawPath = event.path("rawPath").asText("");
            path = stripStage(rawPath, context.path("stage").asText(""));
            basePath = rawPath.length() > path.length() && rawPath.endsWith(path)
                    ? rawPath.substring(0, rawPath.length() - path.length()) : "";
            putAll(headers, event.path("headers"), true);
            putAll(query, event.path("queryStringParameters"), false);
            putRawQuery(query, event.path("rawQueryString").asText(""));
            claims = context.path("authorizer").path("jwt").path("claims");
        } else {
            method = event.path("httpMethod").asText("");
            path = event.path("path").asText("");
            // requestContext.path is what the client asked for: with the stage, or a custom domain's base path
            String requested = context.path("path").asText("");
            basePath = requested.length() > path.length() && requested.endsWith(path)
                    ? requested.substring(0, requested.length() - path.length()) : "";
            putAll(headers, event.path("headers"), true);
            putMulti(headers, event.path("multiValueHeaders"), true);
            putAll(query, event.path("queryStringParameters"), false);
            putMulti(query, event.path("multiValueQueryStringParameters"), false);
            claims = context.path("authorizer").path("claims");
        }
        if (method.isEmpty() || path.isEmpty()) {
            throw new IllegalArgumentException("not an API Gateway proxy event");
        }
        Map<String, String> claimValues = new HashMap<>();
        putAll(claimValues, claims, false);
        return new Event(v2 ? PayloadVersion.V2 : PayloadVersion.V1, new HttpRequest(
                method.toUpperCase(Locale.ROOT), path, headers, query, body(event), requestId, claimValues,
                basePath));
    }

    /**
     * The response document for the payload version of the event. Both versions take the same fields; written
     * straight from the response, a text body as its UTF-8 bytes.
     */
    public byte[] write(PayloadVersion version, HttpResponse response) {
        byte[] body = response.body();
        return json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("statusCode", response.status());
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                g.writeStringField(header.getKey(), header.getValue());
            }
            g.writeEndObject();
            g.writeFieldName("body");
            boolean text = isText(response);
            if (text) {
                g.writeUTF8String(body, 0, body.length);
            } else {
                g.writeString(Base64.getEncoder().encodeToString(body));
            }
            g.writeBooleanField("isBase64Encoded", !text);
            g.writeEndObject();
        });
    }

    private static boolean isText(HttpResponse response) {
        String type = response.headers().getOrDefault("Content-Type", "");
        return response.body().length == 0 || type.contains("json") || type.startsWith("text/");
    }

    private static byte[] body(JsonNode event) {
        JsonNode body = event.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        String text = body.asText();
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the event body is not valid base64", e);
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** HTTP API paths carry the stage name unless the stage is {@code $default}. */
    private static String stripStage(String rawPath, String stage) {
        if (!stage.isEmpty() && !stage.equals("$default")) {
            String prefix = "/" + stage;
            if (rawPath.equals(prefix)) {
                return "/";
            }
            if (rawPath.startsWith(prefix + "/")) {
                return rawPath.substring(prefix.length());
            }
        }
        return rawPath;
    }

    private static void putAll(Map<String, String> target, JsonNode map, boolean lowerCaseKeys) {
        if (map.isObject()) {
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                if (!e.getValue().isNull() && !e.getValue().isContainerNode()) {
                    target.put(key(e.getKey(), lowerCaseKeys), e.getValue().asText());
                }
            }
        }
    }

    /**
     * Repeated values: header lines are joined with ", " (RFC 9110, section 5.3), a repeated query parameter
     * keeps its last value.
     */
    private static void putMulti(Map<String, String> target, JsonNode multi, boolean headers) {
        if (multi.isObject()) {
            for (Map.Entry<String, JsonNode> e : multi.properties()) {
                JsonNode values = e.getValue();
                if (values.isArray() && !values.isEmpty()) {
                    String value;
                    if (headers) {
                        StringBuilder joined = new StringBuilder();
                        for (JsonNode v : values) {
                            joined.append(joined.isEmpty() ? "" : ", ").append(v.asText());
                        }
                        value = joined.toString();
                    } else {
                        value = values.get(values.size() - 1).asText();
                    }
                    target.put(key(e.getKey(), headers), value);
                }
            }
        }
    }

    /**
     * Payload 2.0 joins the values of a repeated query parameter with commas ({@code "5,1"}); the raw query
     * string still has them apart, so the last value wins as in payload 1.0. A pair that cannot be decoded
     * keeps what API Gateway made of it.
     */
    private static void putRawQuery(Map<String, String> target, String raw) {
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                target.put(name, value);
            } catch (IllegalArgumentException e) {
                // a malformed percent escape
            }
        }
    }

    private static String key(String name, boolean lowerCase) {
        return lowerCase ? name.toLowerCase(Locale.ROOT) : name;
    }
}
