package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.local.LocalIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Warm throughput and latency of the local server ({@code serve}, a process of its own, over the benchmark's
 * engine) under a closed-loop load from a separate load-generator process; and, in the same run and
 * interleaved with it, the {@link SdkFloor} of each route against the same engine.
 */
final class LoadBench {
    static final List<String> ROUTES = List.of("get", "create", "list");

    /** One route at one concurrency: the server and its floor. */
    record Row(String route, int connections, ClosedLoop.Result server, ClosedLoop.Result floor,
            List<String> operations) {
        double ratio() {
            return server.perSecond() / floor.perSecond();
        }
    }

    private final ObjectMapper json;
    private final Progress progress;

    LoadBench(ObjectMapper json, Progress progress) {
        this.json = json;
        this.progress = progress;
    }

    List<Row> run(Path java, Path localJar, Path home, URI engine, String table, Path workDir,
            List<Integer> concurrencies, Duration serverWarmup, Duration warmup, Duration measure)
            throws IOException, InterruptedException {
        int port = freePort();
        Path dataDir = workDir.resolve("serve");
        List<String> command = List.of(java.toString(), "-Dmm.home=" + home, "-jar", localJar.toString(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--dynamodb-endpoint", engine.toString(),
                "--table", table, "--data-dir", dataDir.toString(),
                // one tenant sends all the load: its limit must not be what is measured
                "--tenant-rate", "1e9", "--tenant-burst", "1000000000");
        Process server = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(workDir.resolve("serve.log").toFile())
                .start();
        BenchEvents events = new BenchEvents(json);
        try (DynamoDbClient client = DynamoDbClients.create(Optional.of(engine), Region.US_EAST_1,
                CredentialsSource.LOCAL)) {
            awaitPort(server, port);
            String token = LocalIdentity.loadOrCreate(dataDir).token(BenchEvents.TENANT, LocalIdentity.CLIENT_ID,
                    Duration.ofHours(2));
            Map<String, SdkFloor> floors = new LinkedHashMap<>();
            floors.put("get", SdkFloor.record(engine, table, events.get(BenchEvents.GET_ID), null));
            floors.put("create", SdkFloor.record(engine, table,
                    events.create(events.document(BenchEvents.WRITE_PAGE, "floor-template")), "floor-template"));
            floors.put("list", SdkFloor.record(engine, table,
                    events.list(BenchEvents.LIST_PAGE, BenchEvents.LIST_LIMIT), null));
            // The server's JIT needs far longer than one run's warm-up: every route first, not measured.
            for (String route : ROUTES) {
                progress.say("load: warming up the server and the floor (%s, %d s)", route, serverWarmup.toSeconds());
                generate(java, localJar, port, token, route, 16, serverWarmup, Duration.ofSeconds(1));
                floors.get(route).run(client, 16, warmup, Duration.ofSeconds(1));
            }
            List<Row> rows = new ArrayList<>();
            for (String route : ROUTES) {
                for (int connections : concurrencies) {
                    progress.say("load: %s, %d connection(s): server, then SDK floor", route, connections);
                    ClosedLoop.Result served = generate(java, localJar, port, token, route, connections, warmup,
                            measure);
                    ClosedLoop.Result floor = floors.get(route).run(client, connections, warmup, measure);
                    rows.add(new Row(route, connections, served, floor, floors.get(route).operations()));
                }
            }
            return rows;
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private ClosedLoop.Result generate(Path java, Path localJar, int port, String token, String route,
            int connections, Duration warmup, Duration measure) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", localJar.toString(),
                LoadGenerator.class.getName(), "--port", Integer.toString(port), "--route", route,
                "--connections", Integer.toString(connections), "--warmup-ms", Long.toString(warmup.toMillis()),
                "--measure-ms", Long.toString(measure.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("MM_BENCH_TOKEN", token);
        Process generator = builder.start();
        byte[] out = generator.getInputStream().readAllBytes();
        if (!generator.waitFor(5, TimeUnit.MINUTES) || generator.exitValue() != 0) {
            throw new IOException("the load generator failed: " + new String(out, StandardCharsets.UTF_8));
        }
        JsonNode result = json.readTree(out);
        return ClosedLoop.Result.read(result);
    }

    private static void awaitPort(Process server, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("the local server exited with " + server.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("the local server did not listen within 2 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
