package io.metadatamanager.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime API's mapping of the runtime's requests to replies and invocation results; no network. */
class RuntimeApiTest {
    private static final String NEXT = RuntimeApi.BASE + "/invocation/next";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final RuntimeApi api = new RuntimeApi("fn", Clock.fixed(NOW, ZoneOffset.UTC));

    private RuntimeApi.Reply next() throws InterruptedException {
        return api.handle("GET", NEXT, Map.of(), new byte[0]);
    }

    private RuntimeApi.Reply post(String path, Map<String, String> headers, String body) throws InterruptedException {
        return api.handle("POST", path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void next_deliversTheQueuedEventWithTheHeadersLambdaSends() throws Exception {
        api.invoke("{\"path\":\"/health\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));

        RuntimeApi.Reply reply = next();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.bodyText()).isEqualTo("{\"path\":\"/health\"}");
        assertThat(reply.headers()).containsKeys("Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Trace-Id")
                .containsEntry("Lambda-Runtime-Deadline-Ms", Long.toString(NOW.toEpochMilli() + 10_000))
                .containsEntry("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:local:000000000000:function:fn");
        assertThat(api.firstPoll()).isDone();
    }

    @Test
    void response_completesTheInvocationWithThePayload() throws Exception {
        CompletableFuture<RuntimeApi.Invocation> invocation = api.invoke(new byte[] {'{', '}'}, Duration.ofSeconds(1));
        String id = next().headers().get("Lambda-Runtime-Aws-Request-Id");

        RuntimeApi.Reply reply = post(RuntimeApi.BASE + "/invocation/" + id + "/response", Map.of(),
                "{\"statusCode\":200}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.bodyText()).isEqualTo("{\"status\":\"OK\"}");
        RuntimeApi.Invocation done = invocation.get(1, TimeUnit.SECONDS);
        assertThat(done.requestId()).isEqualTo(id);
        assertThat(done.outcome()).isInstanceOfSatisfying(RuntimeApi.Outcome.Success.class,
                s -> assertThat(new String(s.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"statusCode\":200}"));
        assertThat(done.completedNanos()).isGreaterThanOrEqualTo(done.deliveredNanos());
        assertThat(done.deliveredNanos()).isGreaterThanOrEqualTo(done.submittedNanos());
    }

    @Test
    void error_failsTheInvocationWithTheFunctionsErrorType() throws Exception {
        CompletableFuture<RuntimeApi.Invocation> invocation = api.invoke(new byte[] {'{', '}'}, Duration.ofSeconds(1));
        String id = next().headers().get("Lambda-Runtime-Aws-Request-Id");

        RuntimeApi.Reply reply = post(RuntimeApi.BASE + "/invocation/" + id + "/error",
                Map.of("lambda-runtime-function-error-type", "Runtime.UnknownReason"),
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(invocation.get(1, TimeUnit.SECONDS).outcome())
                .isInstanceOfSatisfying(RuntimeApi.Outcome.Failure.class,
                        f -> assertThat(f.errorType()).isEqualTo("Runtime.UnknownReason"));
    }

    @Test
    void aResultForAnUnknownRequestId_isRefusedWith400() throws Exception {
        RuntimeApi.Reply reply = post(RuntimeApi.BASE + "/invocation/no-such-id/response", Map.of(), "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.bodyText()).contains("\"errorType\":\"InvalidRequestID\"");
    }

    @Test
    void aSecondResultForTheSameInvocation_isRefusedWith400() throws Exception {
        api.invoke(new byte[] {'{', '}'}, Duration.ofSeconds(1));
        String path = RuntimeApi.BASE + "/invocation/" + next().headers().get("Lambda-Runtime-Aws-Request-Id")
                + "/response";
        post(path, Map.of(), "{}");

        assertThat(post(path, Map.of(), "{}").status()).isEqualTo(400);
    }

    @Test
    void aResponseOverSixMegabytes_is413AndFailsTheInvocation() throws Exception {
        CompletableFuture<RuntimeApi.Invocation> invocation = api.invoke(new byte[] {'{', '}'}, Duration.ofSeconds(1));
        String id = next().headers().get("Lambda-Runtime-Aws-Request-Id");

        RuntimeApi.Reply reply = api.handle("POST", RuntimeApi.BASE + "/invocation/" + id + "/response", Map.of(),
                new byte[RuntimeApi.MAX_RESPONSE_BYTES + 1]);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(invocation.get(1, TimeUnit.SECONDS).outcome())
                .isInstanceOfSatisfying(RuntimeApi.Outcome.Failure.class,
                        f -> assertThat(f.errorType()).isEqualTo("Function.ResponseSizeTooLarge"));
    }

    @Test
    void initError_isReportedAndFailsWhatWasQueued() throws Exception {
        CompletableFuture<RuntimeApi.Invocation> queued = api.invoke(new byte[] {'{', '}'}, Duration.ofSeconds(1));

        RuntimeApi.Reply reply = post(RuntimeApi.BASE + "/init/error",
                Map.of("lambda-runtime-function-error-type", "Runtime.ImportModuleError"), "{\"errorMessage\":\"x\"}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(api.initError().get(1, TimeUnit.SECONDS).errorType()).isEqualTo("Runtime.ImportModuleError");
        assertThat(queued.get(1, TimeUnit.SECONDS).outcome()).isInstanceOf(RuntimeApi.Outcome.Failure.class);
    }

    @Test
    void afterAbandon_nextAnswers410AndNewInvocationsFailAtOnce() throws Exception {
        api.abandon("Runtime.ExitError");

        assertThat(next().status()).isEqualTo(410);
        assertThat(api.invoke(new byte[] {'{', '}'}, Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS).outcome())
                .isInstanceOf(RuntimeApi.Outcome.Failure.class);
    }

    @Test
    void unknownPathsAndWrongMethods_areRefused() throws Exception {
        assertThat(api.handle("GET", RuntimeApi.BASE + "/nothing", Map.of(), new byte[0]).status()).isEqualTo(404);
        assertThat(api.handle("POST", NEXT, Map.of(), new byte[0]).status()).isEqualTo(405);
    }
}
