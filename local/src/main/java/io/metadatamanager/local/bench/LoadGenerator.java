package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.JsonSupport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The load generator, a process of its own so that it does not share a JVM with the server it measures:
 * {@code LoadGenerator --port P --route get|create|list --connections N --warmup-ms W --measure-ms M}, with the
 * bearer token in the environment variable {@code MM_BENCH_TOKEN}. Prints one JSON line with the result.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int port = Integer.parseInt(options.get("port"));
        String route = options.get("route");
        int connections = Integer.parseInt(options.get("connections"));
        String token = System.getenv("MM_BENCH_TOKEN");
        String host = "127.0.0.1:" + port;
        BenchEvents events = new BenchEvents(JsonSupport.newMapper());
        byte[] request;
        int expected;
        switch (route) {
            case "get" -> {
                request = HttpOperation.request("GET", "/metadata/" + BenchEvents.GET_ID, host, token, null);
                expected = 200;
            }
            case "create" -> {
                request = HttpOperation.request("POST", "/metadata", host, token,
                        events.document(BenchEvents.WRITE_PAGE, null));
                expected = 201;
            }
            case "list" -> {
                request = HttpOperation.request("GET", "/metadata?page=" + BenchEvents.LIST_PAGE + "&limit="
                        + BenchEvents.LIST_LIMIT, host, token, null);
                expected = 200;
            }
            default -> throw new IllegalArgumentException("unknown route " + route);
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        ClosedLoop.Result result = ClosedLoop.run(connections,
                Duration.ofMillis(Long.parseLong(options.get("warmup-ms"))),
                Duration.ofMillis(Long.parseLong(options.get("measure-ms"))),
                worker -> new HttpOperation(address, request, expected));
        ObjectNode out = JsonSupport.newMapper().createObjectNode();
        result.writeTo(out);
        System.out.println(out);
    }
}
