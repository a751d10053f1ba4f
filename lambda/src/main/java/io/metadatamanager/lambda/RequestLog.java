package io.metadatamanager.lambda;

import io.metadatamanager.core.DocumentFields;
import io.metadatamanager.core.Json;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON line per request: method, route template, status, latency and request id. Never bodies, tokens,
 * claims or query values.
 */
public final class RequestLog {
    private final Json json;
    private final PrintStream out;

    public RequestLog(Json json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    public void request(String requestId, String method, String route, int status, double latencyMs,
            Throwable serverFailure) {
        byte[] line = json.write(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", DocumentFields.timestamp(Instant.now()));
            g.writeStringField("level", status >= 500 ? "ERROR" : "INFO");
            g.writeStringField("message", "request");
            g.writeStringField("requestId", requestId);
            g.writeStringField("method", method);
            g.writeStringField("route", route);
            g.writeNumberField("status", status);
            g.writeNumberField("latencyMs", Math.round(latencyMs * 100) / 100.0);
            if (serverFailure != null) {
                g.writeStringField("error", serverFailure.getClass().getName());
                Throwable cause = serverFailure.getCause();
                if (cause != null) {
                    g.writeStringField("cause", cause.getClass().getName());
                }
            }
            g.writeEndObject();
            g.writeRaw(System.lineSeparator());
        });
        // one write per line, so that lines of concurrent requests do not interleave
        out.write(line, 0, line.length);
    }
}
