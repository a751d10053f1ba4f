package io.metadatamanager.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.error.StorageUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private static final Json JSON = new Json();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final RequestLog log = new RequestLog(JSON, new PrintStream(out, true, UTF_8));

    private JsonNode onlyLine() throws Exception {
        String text = out.toString(UTF_8);
        assertThat(text).endsWith(System.lineSeparator());
        assertThat(text.strip()).doesNotContain("\n");
        return JSON.readTree(text);
    }

    @Test
    void request_writesOneJsonLine() throws Exception {
        log.request("req-1", "GET", "/metadata/{id}", 200, 12.3456, null);

        JsonNode line = onlyLine();
        assertThat(line.get("level").textValue()).isEqualTo("INFO");
        assertThat(line.get("message").textValue()).isEqualTo("request");
        assertThat(line.get("requestId").textValue()).isEqualTo("req-1");
        assertThat(line.get("method").textValue()).isEqualTo("GET");
        assertThat(line.get("route").textValue()).isEqualTo("/metadata/{id}");
        assertThat(line.get("status").intValue()).isEqualTo(200);
        assertThat(line.get("latencyMs").doubleValue()).isEqualTo(12.35);
        assertThat(Instant.parse(line.get("timestamp").textValue())).isNotNull();
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void request_withAServerFailure_logsAnErrorWithTheClassesButNotTheMessages() throws Exception {
        Exception failure = new StorageUnavailableException("table secret-table: throttled",
                new IllegalStateException("connection to 10.0.0.7 refused"));

        log.request("req-2", "PUT", "/metadata/{id}", 503, 1, failure);

        JsonNode line = onlyLine();
        assertThat(line.get("level").textValue()).isEqualTo("ERROR");
        assertThat(line.get("error").textValue()).isEqualTo(StorageUnavailableException.class.getName());
        assertThat(line.get("cause").textValue()).isEqualTo(IllegalStateException.class.getName());
        assertThat(out.toString(UTF_8)).doesNotContain("secret-table").doesNotContain("10.0.0.7");
    }

    @Test
    void request_withAServerStatusButNoFailure_isAnError() throws Exception {
        log.request("req-3", "GET", "/metadata", 500, 1, null);

        assertThat(onlyLine().get("level").textValue()).isEqualTo("ERROR");
    }
}
