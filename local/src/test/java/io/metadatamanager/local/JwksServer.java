package io.metadatamanager.local;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An issuer's JWKS endpoint on 127.0.0.1 for tests: serves the public keys it is given, or misbehaves the way
 * it is told to, and counts the requests it gets.
 */
final class JwksServer implements AutoCloseable {
    static final String PATH = "/.well-known/jwks.json";

    /** How the endpoint answers. */
    enum Behaviour {
        HEALTHY,
        /** the keys, but only after {@link #SLOW_MILLIS} */
        SLOW,
        /** a valid JWKS padded beyond the verifier's size limit */
        OVERSIZED,
        /** 200 with a body that is not JSON */
        MALFORMED,
        /** a JWK set without keys */
        EMPTY,
        /** 500 */
        SERVER_ERROR
    }

    static final int SLOW_MILLIS = 2_500;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile JWKSet keys;
    private volatile Behaviour behaviour = Behaviour.HEALTHY;

    private JwksServer(HttpServer server, ExecutorService executor, JWKSet keys) {
        this.server = server;
        this.executor = executor;
        this.keys = keys;
    }

    static JwksServer start(JWKSet keys) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            JwksServer jwks = new JwksServer(server, executor, keys.toPublicJWKSet());
            server.createContext(PATH, jwks::serve);
            server.setExecutor(executor);
            server.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** Serves these keys from now on (their public parts only). */
    void serve(JWKSet keys) {
        this.keys = keys.toPublicJWKSet();
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** How many requests arrived so far. */
    int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String body = keys.toString();
            int status = 200;
            switch (behaviour) {
                case HEALTHY -> { }
                case SLOW -> {
                    try {
                        Thread.sleep(SLOW_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                case OVERSIZED -> body = body.substring(0, body.length() - 1)
                        + ",\"padding\":\"" + "x".repeat(RemoteJwks.MAX_BYTES) + "\"}";
                case MALFORMED -> body = "<html>not a key set</html>";
                case EMPTY -> body = "{\"keys\":[]}";
                case SERVER_ERROR -> {
                    status = 500;
                    body = "{\"message\":\"internal error\"}";
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGaveUp) {
                // the verifier's timeout closed the connection
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
