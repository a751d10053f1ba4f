package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.lambda.HandlerConfig;
import io.metadatamanager.lambda.MetadataHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What each route costs in DynamoDB calls and consumed capacity: the handler runs in this process over a
 * recording client against the benchmark's engine, and every call asks for {@code ReturnConsumedCapacity=TOTAL}.
 * The routes run in order on one document, as a client would use them.
 */
final class CapacityBench {
    /** One route's cost. */
    record Row(String route, int status, List<String> calls, List<Double> capacities, List<String> errors) {
        double capacity() {
            return capacities.stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Each call with its units, e.g. {@code Query 1, PutItem 1, PutItem 1}. */
        String breakdown() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                parts.add(calls.get(i) + " " + new java.text.DecimalFormat("0.#").format(capacities.get(i)));
            }
            return String.join(", ", parts);
        }

        void writeTo(ObjectNode node) {
            node.put("route", route);
            node.put("status", status);
            node.put("calls", calls.size());
            calls.forEach(node.putArray("operations")::add);
            capacities.forEach(node.putArray("capacityUnitsPerCall")::add);
            node.put("capacityUnits", Stats.round(capacity()));
            errors.forEach(node.putArray("conditionalFailures")::add);
        }
    }

    private final ObjectMapper json;
    private final BenchEvents events;

    CapacityBench(ObjectMapper json) {
        this.json = json;
        this.events = new BenchEvents(json);
    }

    List<Row> run(URI endpoint, String table) throws IOException {
        DynamoDbRecorder recorder = new DynamoDbRecorder();
        try (DynamoDbClient client = recorder.client(endpoint)) {
            MetadataHandler handler = quietly(() -> new MetadataHandler(HandlerConfig.fromEnvironment(Map.of(
                    "TABLE_NAME", table, "DYNAMODB_ENDPOINT", endpoint.toString(), "AWS_REGION", "us-east-1")),
                    client));
            String id = "capacity-doc";
            String page = "capacity";
            String doc = events.document(page, id);
            Map<String, String> jsonBody = Map.of("Content-Type", "application/json");
            List<Row> rows = new ArrayList<>();
            // the one-time read (or creation) of the list-cursor key, before the rows
            call(handler, recorder, "GET /metadata (first listing of the process)",
                    events.event("GET", "/metadata", Map.of("limit", "1"), Map.of(), null));
            rows.add(call(handler, recorder, "POST /metadata (create)", events.create(doc)));
            rows.add(call(handler, recorder, "POST /metadata with Idempotency-Key (first)",
                    events.event("POST", "/metadata", Map.of(), with(jsonBody, "Idempotency-Key", "capacity-key"),
                            events.document(page, "capacity-idem"))));
            rows.add(call(handler, recorder, "POST /metadata with Idempotency-Key (replay)",
                    events.event("POST", "/metadata", Map.of(), with(jsonBody, "Idempotency-Key", "capacity-key"),
                            events.document(page, "capacity-idem"))));
            rows.add(call(handler, recorder, "POST /metadata (id taken: 409)", events.create(doc)));
            rows.add(call(handler, recorder, "GET /metadata/{id}", events.get(id)));
            rows.add(call(handler, recorder, "GET /metadata/{id} (If-None-Match: 304)",
                    events.event("GET", "/metadata/" + id, Map.of(), Map.of("If-None-Match", "\"1\""), null)));
            rows.add(call(handler, recorder, "GET /metadata/{id} (absent: 404)", events.get("capacity-absent")));
            rows.add(call(handler, recorder, "PUT /metadata/{id}",
                    events.event("PUT", "/metadata/" + id, Map.of(), with(jsonBody, "If-Match", "\"1\""),
                            events.document(page, id))));
            rows.add(call(handler, recorder, "PUT /metadata/{id} (stale If-Match: 412)",
                    events.event("PUT", "/metadata/" + id, Map.of(), with(jsonBody, "If-Match", "\"1\""),
                            events.document(page, id))));
            rows.add(call(handler, recorder, "PATCH /metadata/{id}",
                    events.event("PATCH", "/metadata/" + id, Map.of(),
                            Map.of("Content-Type", "application/merge-patch+json", "If-Match", "\"2\""),
                            "{\"layout\":\"list\"}")));
            byte[] firstPage = events.event("GET", "/metadata", Map.of("page", page, "limit", "1"), Map.of(), null);
            rows.add(call(handler, recorder, "GET /metadata?page=p&limit=1 (of 2)", firstPage));
            String cursor = json.readTree(json(invoke(handler, firstPage)).path("body").asText())
                    .path("nextCursor").asText();
            recorder.take();
            rows.add(call(handler, recorder, "GET /metadata?page=p&limit=1&cursor=c",
                    events.event("GET", "/metadata", Map.of("page", page, "limit", "1", "cursor", cursor), Map.of(),
                            null)));
            rows.add(call(handler, recorder, "GET /metadata?limit=20 (all pages, 2 documents)",
                    events.event("GET", "/metadata", Map.of("limit", "20"), Map.of(), null)));
            rows.add(call(handler, recorder, "GET /metadata/{id}/versions",
                    events.event("GET", "/metadata/" + id + "/versions", Map.of(), Map.of(), null)));
            rows.add(call(handler, recorder, "GET /metadata/{id}/versions/{v}",
                    events.event("GET", "/metadata/" + id + "/versions/1", Map.of(), Map.of(), null)));
            rows.add(call(handler, recorder, "GET /metadata/{id}/diff?from=1&to=3",
                    events.event("GET", "/metadata/" + id + "/diff", Map.of("from", "1", "to", "3"), Map.of(),
                            null)));
            rows.add(call(handler, recorder, "POST /metadata/{id}/versions/{v}/restore",
                    events.event("POST", "/metadata/" + id + "/versions/1/restore", Map.of(),
                            Map.of("If-Match", "\"3\""), null)));
            rows.add(call(handler, recorder, "DELETE /metadata/{id}",
                    events.event("DELETE", "/metadata/" + id, Map.of(), Map.of("If-Match", "\"4\""), null)));
            return rows;
        }
    }

    static void write(List<Row> rows, ArrayNode out) {
        rows.forEach(row -> row.writeTo(out.addObject()));
    }

    private Row call(MetadataHandler handler, DynamoDbRecorder recorder, String route, byte[] event)
            throws IOException {
        recorder.take();
        JsonNode response = json(invoke(handler, event));
        List<DynamoDbRecorder.Call> calls = recorder.take();
        return new Row(route, response.path("statusCode").asInt(),
                calls.stream().map(DynamoDbRecorder.Call::operation).toList(),
                calls.stream().map(c -> c.capacity().orElse(0.0)).toList(),
                calls.stream().flatMap(c -> c.error().stream().map(e -> c.operation() + ": " + e)).toList());
    }

    private static byte[] invoke(MetadataHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toByteArray();
    }

    private JsonNode json(byte[] bytes) throws IOException {
        return json.readTree(bytes);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    /** Builds something that logs to standard output, with that output discarded for good. */
    static <T> T quietly(java.util.function.Supplier<T> build) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        try {
            return build.get();
        } finally {
            System.setOut(console);
        }
    }
}
