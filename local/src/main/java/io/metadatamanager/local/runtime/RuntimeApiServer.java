package io.metadatamanager.local.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves a {@link RuntimeApi} on 127.0.0.1 and a free port: what {@code AWS_LAMBDA_RUNTIME_API} points to. */
public final class RuntimeApiServer implements AutoCloseable {
    private final RuntimeApi api;
    private final HttpServer server;
    private final ExecutorService executor;

    private RuntimeApiServer(RuntimeApi api, HttpServer server, ExecutorService executor) {
        this.api = api;
        this.server = server;
        this.executor = executor;
    }

    public static RuntimeApiServer start(RuntimeApi api) {
        Objects.requireNonNull(api, "api");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port for the runtime API", e);
        }
        // next blocks until an event comes: one (virtual) thread per request
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        RuntimeApiServer started = new RuntimeApiServer(api, server, executor);
        server.createContext(RuntimeApi.BASE + "/", started::serve);
        server.setExecutor(executor);
        server.start();
        return started;
    }

    public RuntimeApi api() {
        return api;
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            byte[] body = exchange.getRequestBody().readNBytes(RuntimeApi.MAX_RESPONSE_BYTES + 1);
            RuntimeApi.Reply reply;
            try {
                reply = api.handle(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                        exchange.getRequestURI().getPath(), headers, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = RuntimeApi.Reply.error(503, "RuntimeUnavailable", "the runtime API is stopping");
            }
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    @Override
    public void close() {
        api.abandon("Runtime.Unavailable");
        server.stop(0);
        executor.shutdownNow();
    }
}
