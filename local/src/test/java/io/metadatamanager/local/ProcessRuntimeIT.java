package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadatamanager.dynalite.RepositoryHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server with the function out of process, as Lambda runs it: the deployment artifact under the
 * Runtime Interface Client, reached through the local Lambda Runtime API. One cold start, then warm requests.
 * The client ships its native library for Linux only.
 */
@EnabledOnOs(OS.LINUX)
class ProcessRuntimeIT {
    @TempDir
    static Path dataDir;

    private static LocalServer server;
    private static HttpClient http;
    private static String token;

    @BeforeAll
    static void start() {
        server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, dataDir, true, Optional.empty(),
                "metadata", RepositoryHome.find(), LocalServer.Security.defaults(),
                new LocalServer.FunctionRuntime(true, 1)));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        token = LocalIdentity.loadOrCreate(dataDir).token("alice", LocalIdentity.CLIENT_ID, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    @Test
    void aDocumentCreatedThroughTheRuntimeApi_isReadBackThroughIt() throws Exception {
        HttpResponse<String> created = http.send(request("/metadata").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"id\":\"home\",\"page\":\"homepage\"}")).build(),
                BodyHandlers.ofString());
        HttpResponse<String> read = http.send(request("/metadata/home").GET().build(), BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(request("/metadata/nothing").GET().build(), BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(read.body()).contains("\"page\":\"homepage\"");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
}
