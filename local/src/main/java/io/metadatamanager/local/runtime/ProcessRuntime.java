package io.metadatamanager.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.metadatamanager.lambda.HttpProblemException;
import io.metadatamanager.lambda.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The function out of process, the way Lambda runs it: each execution environment is a JVM running the
 * Runtime Interface Client against its own {@link RuntimeApi}, started on demand (a cold start) when no idle one
 * is left, up to a limit; each serves one event at a time. The local gateway calls this like the in-process
 * handler; a failed, timed-out or crashed invocation is a 502, as API Gateway answers it.
 */
public final class ProcessRuntime implements RequestStreamHandler, AutoCloseable {
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);

    private final FunctionLaunch launch;
    private final Duration timeout;
    private final Semaphore slots;
    private final Deque<FunctionProcess> idle = new ConcurrentLinkedDeque<>();
    private final Set<FunctionProcess> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param maxEnvironments how many execution environments may run at once (Lambda's concurrency)
     * @param timeout the function's timeout
     */
    public ProcessRuntime(FunctionLaunch launch, int maxEnvironments, Duration timeout) {
        if (maxEnvironments < 1) {
            throw new IllegalArgumentException("at least one execution environment is needed");
        }
        this.launch = Objects.requireNonNull(launch, "launch");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.slots = new Semaphore(maxEnvironments, true);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an execution environment");
        }
        try {
            FunctionProcess environment = take();
            RuntimeApi.Invocation invocation;
            try {
                invocation = environment.api().invoke(event, timeout)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                retire(environment); // Lambda stops a runtime that overran its timeout
                throw failed("the function timed out after " + timeout.toSeconds() + " s");
            }
            switch (invocation.outcome()) {
                case RuntimeApi.Outcome.Success success -> {
                    idle.addFirst(environment);
                    output.write(success.payload());
                }
                case RuntimeApi.Outcome.Failure failure -> {
                    if (environment.isAlive() && !failure.errorType().startsWith("Runtime.")) {
                        idle.addFirst(environment);
                    } else {
                        retire(environment);
                    }
                    System.err.println("function error " + failure.errorType() + ": "
                            + new String(failure.payload(), StandardCharsets.UTF_8));
                    throw failed("the function failed (" + failure.errorType() + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the function ran");
        } catch (ExecutionException e) {
            throw failed("the function could not be invoked");
        } finally {
            slots.release();
        }
    }

    /** An idle environment, or a new one (a cold start). */
    private FunctionProcess take() throws InterruptedException {
        for (FunctionProcess environment = idle.pollFirst(); environment != null; environment = idle.pollFirst()) {
            if (environment.isAlive()) {
                return environment;
            }
            retire(environment);
        }
        if (closed) {
            throw failed("the local server is stopping");
        }
        FunctionProcess started = FunctionProcess.start(launch);
        running.add(started);
        try {
            Object first = CompletableFuture.anyOf(started.api().firstPoll(), started.api().initError())
                    .get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof RuntimeApi.InitError error) {
                System.err.println("function init error " + error.errorType() + ": "
                        + new String(error.payload(), StandardCharsets.UTF_8));
                retire(started);
                throw failed("the function failed to initialize (" + error.errorType() + ")");
            }
            return started;
        } catch (ExecutionException | TimeoutException e) {
            retire(started);
            throw failed("the function did not initialize within " + INIT_TIMEOUT.toSeconds() + " s");
        }
    }

    private void retire(FunctionProcess environment) {
        running.remove(environment);
        environment.close();
    }

    private static HttpProblemException failed(String detail) {
        return new HttpProblemException(ProblemType.BAD_GATEWAY, detail);
    }

    @Override
    public void close() {
        closed = true;
        idle.clear();
        running.forEach(FunctionProcess::close);
        running.clear();
    }
}
