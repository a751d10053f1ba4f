package io.metadatamanager.bench;

import io.metadatamanager.core.Json;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.lambda.HandlerConfig;
import io.metadatamanager.lambda.MetadataHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * What one request costs inside the function on a warm JVM, DynamoDB excluded: the handler with its real
 * wiring and DynamoDB client, over {@link CannedDynamoDb}. Each route has its own handler whose DynamoDB answers
 * as that route needs (the document exists for GET and PUT, does not for POST, a page of ten for the list).
 * The {@code sdk*} benchmarks replay the DynamoDB calls each route made, recorded once, through the same client
 * without the handler: the difference ({@code get - sdkGet}) is what the handler itself costs per request.
 *
 * <p>Run by {@code ./metadata-manager bench}; by hand: {@code java -jar bench/target/metadata-manager-benchmarks.jar
 * HandlerBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandlerBenchmark {
    private static final URI NOWHERE = URI.create("http://dynamodb.invalid");

    private Route get;
    private Route create;
    private Route replace;
    private Route list;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);

    /**
     * One route: its event, a handler whose DynamoDB gives the answers the route expects, and the DynamoDB calls
     * the handler makes for the event (recorded once), for replaying through the same client without the handler.
     */
    private record Route(MetadataHandler handler, DynamoDbClient client, byte[] event, int status,
            List<SdkRequest> calls, String createdId) {}

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String getItemJson = resource("dynamodb/get-item.json");
        String latest = resource("dynamodb/query-latest.json");
        String none = resource("dynamodb/query-none.json");
        String page = resource("dynamodb/query-page.json");
        String put = resource("dynamodb/put-item.json");
        // The handler logs one line per request to standard output; JMH's output stays readable without it.
        PrintStream console = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        try {
            get = route("events/get.json", 200, Map.of("GetItem", getItemJson));
            create = route("events/create.json", 201, Map.of("Query", none, "PutItem", put));
            replace = route("events/replace.json", 200, Map.of("Query", latest, "PutItem", put));
            list = route("events/list.json", 200, Map.of("Query", page));
        } finally {
            System.setOut(console);
        }
        for (Route route : new Route[] {get, create, replace, list}) {
            check(route);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Route route : new Route[] {get, create, replace, list}) {
            route.client().close();
        }
    }

    /**
     * CPU time of the benchmark thread per call, next to JMH's wall-clock time: on a shared machine the thread
     * waits for a core, and CPU time shows what the work itself costs. Reported as the secondary results
     * {@code cpuNanos} and {@code calls}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long calls;
        private long start;

        @Setup(Level.Iteration)
        public void start() {
            cpuNanos = 0;
            calls = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
        }
    }

    @Benchmark
    public int get(CpuTime cpu) throws IOException {
        cpu.calls++;
        return invoke(get);
    }

    @Benchmark
    public int create(CpuTime cpu) throws IOException {
        cpu.calls++;
        return invoke(create);
    }

    @Benchmark
    public int replace(CpuTime cpu) throws IOException {
        cpu.calls++;
        return invoke(replace);
    }

    @Benchmark
    public int list(CpuTime cpu) throws IOException {
        cpu.calls++;
        return invoke(list);
    }

    /** The SDK alone making the GET's DynamoDB call: {@code get - sdkGet} is the handler's own cost. */
    @Benchmark
    public int sdkGet(CpuTime cpu) {
        cpu.calls++;
        return replay(get);
    }

    @Benchmark
    public int sdkCreate(CpuTime cpu) {
        cpu.calls++;
        return replay(create);
    }

    @Benchmark
    public int sdkReplace(CpuTime cpu) {
        cpu.calls++;
        return replay(replace);
    }

    @Benchmark
    public int sdkList(CpuTime cpu) {
        cpu.calls++;
        return replay(list);
    }

    /**
     * Sends the route's recorded calls again. A create's calls name the id the handler made up for the new
     * document; the replay puts a new id in their place each time, as the handler does, since the SDK's cost
     * depends on the values it is given.
     */
    private static int replay(Route route) {
        String fresh = route.createdId() == null ? null : UUID.randomUUID().toString();
        int answers = 0;
        for (SdkRequest recorded : route.calls()) {
            SdkRequest call = fresh == null ? recorded : withId(recorded, route.createdId(), fresh);
            answers += switch (call) {
                case GetItemRequest r -> route.client().getItem(r).item().size();
                case QueryRequest r -> route.client().query(r).count();
                case PutItemRequest r -> route.client().putItem(r).attributes().size();
                default -> throw new IllegalStateException("cannot replay " + call.getClass().getSimpleName());
            };
        }
        return answers;
    }

    /** The request with every string attribute value that mentions {@code from} mentioning {@code to} instead. */
    private static SdkRequest withId(SdkRequest request, String from, String to) {
        return switch (request) {
            case PutItemRequest r -> r.toBuilder().item(withId(r.item(), from, to)).build();
            case QueryRequest r -> r.toBuilder()
                    .expressionAttributeValues(withId(r.expressionAttributeValues(), from, to)).build();
            case GetItemRequest r -> r.toBuilder().key(withId(r.key(), from, to)).build();
            default -> request;
        };
    }

    private static Map<String, AttributeValue> withId(Map<String, AttributeValue> values, String from, String to) {
        Map<String, AttributeValue> out = new HashMap<>(values.size() * 2);
        values.forEach((name, value) -> out.put(name, value.s() != null && value.s().contains(from)
                ? AttributeValue.fromS(value.s().replace(from, to)) : value));
        return out;
    }

    private int invoke(Route route) throws IOException {
        out.reset();
        route.handler().handleRequest(new ByteArrayInputStream(route.event()), out, null);
        return out.size();
    }

    private void check(Route route) throws IOException {
        invoke(route);
        String response = out.toString(StandardCharsets.UTF_8);
        if (!response.contains("\"statusCode\":" + route.status())) {
            throw new IllegalStateException("expected status " + route.status() + ", got " + response);
        }
    }

    private static Route route(String event, int status, Map<String, String> responses) throws IOException {
        DynamoDbClient client = client(responses);
        HandlerConfig config = HandlerConfig.fromEnvironment(Map.of(
                "TABLE_NAME", "bench",
                "DYNAMODB_ENDPOINT", NOWHERE.toString(),
                "AWS_REGION", "us-east-1",
                "CURSOR_SECRET", Base64.getEncoder().encodeToString(new byte[32]),
                // no throttling: the benchmark sends far more than a tenant may
                "TENANT_RATE_LIMIT", "1e12",
                "TENANT_BURST_LIMIT", Integer.toString(Integer.MAX_VALUE)));
        byte[] bytes = resource(event).getBytes(StandardCharsets.UTF_8);
        RecordingClient recording = new RecordingClient(client);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        new MetadataHandler(config, recording).handleRequest(new ByteArrayInputStream(bytes), response, null);
        String createdId = null;
        if (status == 201) {
            Json json = new Json();
            createdId = json.readTree(json.readTree(response.toByteArray()).path("body").asText()).path("id").asText();
        }
        return new Route(new MetadataHandler(config, client), client, bytes, status, List.copyOf(recording.calls),
                createdId);
    }

    /** Passes the calls a route makes on to the client, and keeps them. */
    private static final class RecordingClient implements DynamoDbClient {
        private final DynamoDbClient client;
        private final List<SdkRequest> calls = new ArrayList<>();

        RecordingClient(DynamoDbClient client) {
            this.client = client;
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            calls.add(request);
            return client.getItem(request);
        }

        @Override
        public QueryResponse query(QueryRequest request) {
            calls.add(request);
            return client.query(request);
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            calls.add(request);
            return client.putItem(request);
        }

        @Override
        public String serviceName() {
            return client.serviceName();
        }

        @Override
        public void close() {
            // the route's client is closed with the route
        }
    }

    private static DynamoDbClient client(Map<String, String> responses) {
        return DynamoDbClients.create(Optional.of(NOWHERE), Region.US_EAST_1, CredentialsSource.LOCAL,
                new CannedDynamoDb(responses));
    }

    private static String resource(String name) {
        try (InputStream in = HandlerBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
