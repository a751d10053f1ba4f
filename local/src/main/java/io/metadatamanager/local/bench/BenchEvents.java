package io.metadatamanager.local.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway REST (payload 1.0) proxy events for the benchmark's requests, with the authorizer claims of the
 * benchmark's tenant, as the deployed API sends them to the function.
 */
final class BenchEvents {
    static final String TENANT = "bench";
    /** The documents the benchmark reads, lists and writes. */
    static final String GET_ID = "bench-get";
    static final String LIST_PAGE = "bench-list";
    static final String WRITE_PAGE = "bench-write";
    static final int LIST_SIZE = 10;
    static final int LIST_LIMIT = 20;

    private final ObjectMapper json;

    BenchEvents(ObjectMapper json) {
        this.json = json;
    }

    /** A render configuration of a typical size (about 350 bytes) on {@code page}. */
    String document(String page, String id) {
        ObjectNode doc = json.createObjectNode();
        if (id != null) {
            doc.put("id", id);
        }
        doc.put("page", page);
        doc.put("layout", "grid");
        doc.putObject("theme").put("name", "dark").put("accent", "#ff6600").put("contrast", 1.5);
        ArrayNode blocks = doc.putArray("blocks");
        blocks.addObject().put("type", "hero").put("title", "Winter sale")
                .put("image", "https://cdn.example.com/hero.jpg").put("visible", true);
        ArrayNode ids = blocks.addObject().put("type", "products").putArray("ids");
        for (int i = 101; i <= 106; i++) {
            ids.add(i);
        }
        ArrayNode links = blocks.addObject().put("type", "footer").putArray("links");
        links.addObject().put("text", "About").put("href", "/about");
        links.addObject().put("text", "Contact").put("href", "/contact");
        return doc.toString();
    }

    byte[] get(String id) {
        return event("GET", "/metadata/" + id, Map.of(), Map.of(), null);
    }

    byte[] create(String body) {
        return event("POST", "/metadata", Map.of(), Map.of("Content-Type", "application/json"), body);
    }

    byte[] list(String page, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", page);
        query.put("limit", Integer.toString(limit));
        return event("GET", "/metadata", query, Map.of(), null);
    }

    byte[] event(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        ObjectNode event = json.createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", method);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "application/json");
        all.put("User-Agent", "metadata-manager-bench");
        all.putAll(headers);
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        all.forEach((name, value) -> {
            single.put(name, value);
            multi.putArray(name).add(value);
        });
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            ObjectNode mq = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, value) -> {
                q.put(name, value);
                mq.putArray(name).add(value);
            });
        }
        event.putObject("pathParameters").put("proxy", path.substring(1));
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", "/{proxy+}");
        context.put("httpMethod", method);
        context.put("path", "/prod" + path);
        context.put("stage", "prod");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTimeEpoch", System.currentTimeMillis());
        context.putObject("identity").put("sourceIp", "127.0.0.1").put("userAgent", "metadata-manager-bench");
        context.putObject("authorizer").putObject("claims")
                .put("sub", TENANT).put("token_use", "access").put("client_id", "bench-client");
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
