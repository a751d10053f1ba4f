package io.metadatamanager.local.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API of one execution environment, as a runtime (the AWS Lambda Runtime Interface Client)
 * sees it: {@link #invoke} queues an event; the runtime takes it from {@code GET /2018-06-01/runtime/invocation/next}
 * and posts the result to {@code .../invocation/{id}/response} or {@code .../invocation/{id}/error}; a runtime
 * whose init failed posts to {@code /2018-06-01/runtime/init/error}.
 *
 * <p>This class maps requests to replies and holds the state, without any network; {@link RuntimeApiServer} serves
 * it on a loopback port. One invocation at a time is what Lambda guarantees a runtime; this class does not
 * enforce it, the caller ({@link ProcessRuntime}) does.
 */
public final class RuntimeApi {
    public static final String BASE = "/2018-06-01/runtime";
    /** Lambda's limit for a synchronous response. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    private static final Pattern RESULT = Pattern.compile(Pattern.quote(BASE) + "/invocation/([^/]+)/(response|error)");
    private static final Duration POLL = Duration.ofMillis(250);

    /** An HTTP reply to the runtime. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public Reply {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        static Reply error(int status, String type, String message) {
            return json(status, "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + type + "\"}");
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the function made of one event. */
    public sealed interface Outcome {
        /** The function's result document. */
        record Success(byte[] payload) implements Outcome {}

        /**
         * The invocation failed: the function threw ({@code Lambda-Runtime-Function-Error-Type}), the runtime
         * died, or the deadline passed.
         */
        record Failure(String errorType, byte[] payload) implements Outcome {}
    }

    /**
     * One finished invocation, with {@link System#nanoTime()} stamps.
     *
     * @param deliveredNanos when the runtime received the event from {@code next}; 0 when it never did
     */
    public record Invocation(String requestId, Outcome outcome, long submittedNanos, long deliveredNanos,
            long completedNanos) {}

    /** What a runtime reported to {@code /init/error}. */
    public record InitError(String errorType, byte[] payload) {}

    private static final class Pending {
        final String requestId;
        final byte[] event;
        final long deadlineEpochMillis;
        final long submittedNanos;
        final CompletableFuture<Invocation> result = new CompletableFuture<>();
        volatile long deliveredNanos;

        Pending(String requestId, byte[] event, long deadlineEpochMillis, long submittedNanos) {
            this.requestId = requestId;
            this.event = event;
            this.deadlineEpochMillis = deadlineEpochMillis;
            this.submittedNanos = submittedNanos;
        }

        void finish(Outcome outcome) {
            result.complete(new Invocation(requestId, outcome, submittedNanos, deliveredNanos, System.nanoTime()));
        }
    }

    private final String functionArn;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<InitError> initError = new CompletableFuture<>();
    private volatile boolean closed;

    /** @param functionName the name in the invoked function ARN */
    public RuntimeApi(String functionName, Clock clock) {
        this.functionArn = "arn:aws:lambda:local:000000000000:function:" + Objects.requireNonNull(functionName);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Queues {@code event} for the runtime.
     *
     * @param timeout the function's timeout: the deadline the runtime sees
     * @return completes when the runtime posted a result or {@link #abandon} gave up on it
     */
    public CompletableFuture<Invocation> invoke(byte[] event, Duration timeout) {
        Pending pending = new Pending(UUID.randomUUID().toString(), event.clone(),
                clock.millis() + timeout.toMillis(), System.nanoTime());
        if (closed) {
            pending.finish(new Outcome.Failure("Runtime.Unavailable", new byte[0]));
        } else {
            queue.add(pending);
        }
        return pending.result;
    }

    /** Completes with the {@link System#nanoTime()} of the first {@code next} call: the end of the runtime's init. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** Completes when the runtime reports that its init failed. */
    public CompletableFuture<InitError> initError() {
        return initError;
    }

    /** Fails every queued and running invocation, e.g. when the runtime process died; further ones fail at once. */
    public void abandon(String errorType) {
        closed = true;
        byte[] payload = ("{\"errorType\":\"" + errorType + "\"}").getBytes(StandardCharsets.UTF_8);
        drain(queue, errorType, payload);
        drain(inFlight.values(), errorType, payload);
    }

    private static void drain(Collection<Pending> pending, String errorType, byte[] payload) {
        for (Pending p : List.copyOf(pending)) {
            pending.remove(p);
            p.finish(new Outcome.Failure(errorType, payload));
        }
    }

    /**
     * Answers one request of the runtime. {@code next} blocks until an event is queued (or {@link #abandon}).
     *
     * @param headers request headers, names in lower case
     */
    public Reply handle(String method, String path, Map<String, String> headers, byte[] body)
            throws InterruptedException {
        if (path.equals(BASE + "/invocation/next")) {
            return method.equals("GET") ? next() : notAllowed();
        }
        if (path.equals(BASE + "/init/error")) {
            if (!method.equals("POST")) {
                return notAllowed();
            }
            InitError error = new InitError(errorType(headers), body.clone());
            initError.complete(error);
            abandon(error.errorType());
            return accepted();
        }
        Matcher m = RESULT.matcher(path);
        if (!m.matches()) {
            return Reply.error(404, "NotFound", "no such runtime API resource");
        }
        if (!method.equals("POST")) {
            return notAllowed();
        }
        Pending pending = inFlight.remove(m.group(1));
        if (pending == null) {
            return Reply.error(400, "InvalidRequestID", "no invocation with this request id is running");
        }
        if (m.group(2).equals("error")) {
            pending.finish(new Outcome.Failure(errorType(headers), body.clone()));
            return accepted();
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            pending.finish(new Outcome.Failure("Function.ResponseSizeTooLarge", new byte[0]));
            return Reply.error(413, "RequestEntityTooLarge",
                    "the response exceeds " + MAX_RESPONSE_BYTES + " bytes");
        }
        pending.finish(new Outcome.Success(body.clone()));
        return accepted();
    }

    private Reply next() throws InterruptedException {
        firstPoll.complete(System.nanoTime());
        Pending pending = null;
        while (pending == null) {
            if (closed) {
                return Reply.error(410, "RuntimeUnavailable", "this execution environment is shutting down");
            }
            pending = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        pending.deliveredNanos = System.nanoTime();
        inFlight.put(pending.requestId, pending);
        return new Reply(200, Map.of(
                "Content-Type", "application/json",
                "Lambda-Runtime-Aws-Request-Id", pending.requestId,
                "Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineEpochMillis),
                "Lambda-Runtime-Invoked-Function-Arn", functionArn,
                "Lambda-Runtime-Trace-Id", traceId(pending.requestId, clock.millis() / 1000)), pending.event);
    }

    /** An X-Ray trace header of the usual form; nothing samples it locally. */
    private static String traceId(String requestId, long epochSeconds) {
        String hex = requestId.replace("-", "");
        return String.format("Root=1-%08x-%s;Parent=%s;Sampled=0", epochSeconds, hex.substring(0, 24),
                hex.substring(16, 32));
    }

    private static String errorType(Map<String, String> headers) {
        return Optional.ofNullable(headers.get("lambda-runtime-function-error-type")).orElse("Unhandled");
    }

    private static Reply accepted() {
        return Reply.json(202, "{\"status\":\"OK\"}");
    }

    private static Reply notAllowed() {
        return Reply.error(405, "MethodNotAllowed", "method not allowed");
    }
}
