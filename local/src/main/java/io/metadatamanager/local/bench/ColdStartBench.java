package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.local.runtime.FunctionLaunch;
import io.metadatamanager.local.runtime.FunctionProcess;
import io.metadatamanager.local.runtime.RuntimeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cold starts the way Lambda does them: for every sample a fresh JVM runs the Runtime Interface Client with
 * the deployment artifact against a runtime API of this process, and gets one event. Init is process start to
 * the runtime's first {@code next}; the first invocation is the event's delivery to its response; RSS is read
 * after it. Variants run interleaved, round after round, so that the machine's load hits all of them alike.
 */
final class ColdStartBench {
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(60);

    /** A way of starting the function and the event it gets first. */
    record Variant(String name, FunctionLaunch launch, byte[] event, int expectedStatus) {}

    /** One cold start, milliseconds and MiB. */
    record Sample(double initMs, double firstMs, double rssMb, double peakRssMb) {
        double totalMs() {
            return initMs + firstMs;
        }
    }

    /** The samples of one variant. */
    record Series(String name, List<Sample> samples, List<String> failures) {
        Stats init() {
            return Stats.of(samples.stream().map(Sample::initMs).toList());
        }

        Stats first() {
            return Stats.of(samples.stream().map(Sample::firstMs).toList());
        }

        Stats total() {
            return Stats.of(samples.stream().map(Sample::totalMs).toList());
        }

        Stats rss() {
            return Stats.of(samples.stream().map(Sample::rssMb).toList());
        }

        void writeTo(ObjectNode node) {
            node.put("variant", name);
            init().writeTo(node.putObject("initMs"));
            first().writeTo(node.putObject("firstInvocationMs"));
            total().writeTo(node.putObject("initPlusFirstMs"));
            rss().writeTo(node.putObject("rssMb"));
            Stats.of(samples.stream().map(Sample::peakRssMb).toList()).writeTo(node.putObject("peakRssMb"));
            failures.forEach(node.putArray("failures")::add);
        }
    }

    private final ObjectMapper json;
    private final Progress progress;

    ColdStartBench(ObjectMapper json, Progress progress) {
        this.json = json;
        this.progress = progress;
    }

    /** Runs {@code rounds} rounds of every variant; a failed start is recorded, not retried. */
    Map<String, Series> run(List<Variant> variants, int rounds) throws InterruptedException {
        Map<String, Series> series = new LinkedHashMap<>();
        variants.forEach(v -> series.put(v.name(), new Series(v.name(), new ArrayList<>(), new ArrayList<>())));
        for (int round = 1; round <= rounds; round++) {
            progress.say("cold starts, round %d of %d", round, rounds);
            for (Variant variant : variants) {
                Series s = series.get(variant.name());
                try {
                    s.samples().add(once(variant));
                } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
                    s.failures().add(e.toString());
                }
            }
        }
        return series;
    }

    private Sample once(Variant variant) throws InterruptedException, ExecutionException, TimeoutException,
            IOException {
        try (FunctionProcess function = FunctionProcess.start(variant.launch())) {
            long ready = awaitInit(function);
            RuntimeApi.Invocation invocation = function.api().invoke(variant.event(), Duration.ofSeconds(10))
                    .get(INVOKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            check(variant, invocation);
            OptionalLong rss = function.residentKb();
            OptionalLong peak = function.peakResidentKb();
            return new Sample((ready - function.startNanos()) / 1e6,
                    (invocation.completedNanos() - invocation.deliveredNanos()) / 1e6,
                    rss.orElse(0) / 1024.0, peak.orElse(0) / 1024.0);
        }
    }

    /**
     * A training run: starts the function with {@code launch} (which names the archive to write at exit), sends
     * it {@code events}, then shuts it down and waits for the archive.
     */
    void train(FunctionLaunch launch, List<byte[]> events, Path archive)
            throws InterruptedException, ExecutionException, TimeoutException, IOException {
        Files.deleteIfExists(archive);
        try (FunctionProcess function = FunctionProcess.start(launch)) {
            awaitInit(function);
            for (byte[] event : events) {
                function.api().invoke(event, Duration.ofSeconds(10)).get(INVOKE_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            if (!function.shutdown(Duration.ofMinutes(3))) {
                throw new TimeoutException("the training run did not exit");
            }
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IOException("the training run wrote no " + archive.getFileName()
                    + " (see the function log in the benchmark's work folder)");
        }
    }

    private static long awaitInit(FunctionProcess function)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Object> initOrFailure = CompletableFuture.anyOf(
                function.api().firstPoll(), function.api().initError());
        Object first = initOrFailure.get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (first instanceof RuntimeApi.InitError error) {
            throw new IllegalStateException("init failed: " + error.errorType() + " "
                    + new String(error.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return (Long) first;
    }

    private void check(Variant variant, RuntimeApi.Invocation invocation) throws IOException {
        if (!(invocation.outcome() instanceof RuntimeApi.Outcome.Success success)) {
            RuntimeApi.Outcome.Failure failure = (RuntimeApi.Outcome.Failure) invocation.outcome();
            throw new IllegalStateException("the invocation failed: " + failure.errorType() + " "
                    + new String(failure.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (variant.expectedStatus() > 0) {
            JsonNode response = json.readTree(success.payload());
            int status = response.path("statusCode").asInt();
            if (status != variant.expectedStatus()) {
                throw new IllegalStateException("expected status " + variant.expectedStatus() + ", got " + status
                        + ": " + response.path("body").asText());
            }
        }
    }
}
