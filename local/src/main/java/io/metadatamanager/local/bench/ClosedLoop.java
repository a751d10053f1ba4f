package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A closed-loop load: N workers, each sending its next request as soon as the previous one returned, for a
 * warm-up period (not counted) and then a measured one. Latencies are kept in full (a few hundred thousand at
 * most) and reduced to percentiles at the end.
 */
final class ClosedLoop {
    /** One worker's way of making a request; a worker keeps its own (its own connection, say). */
    interface Operation extends AutoCloseable {
        /** @return whether the request succeeded (the expected status) */
        boolean call() throws Exception;

        @Override
        default void close() {}
    }

    /**
     * @param requests successful requests in the measured period
     * @param errors failed requests (wrong status, exception) in the measured period
     */
    record Result(int workers, double seconds, long requests, long errors, double perSecond, double p50Micros,
            double p99Micros) {
        void writeTo(ObjectNode node) {
            node.put("connections", workers);
            node.put("seconds", Stats.round(seconds));
            node.put("requests", requests);
            node.put("errors", errors);
            node.put("requestsPerSecond", Stats.round(perSecond));
            node.put("p50Ms", Stats.round(p50Micros / 1000));
            node.put("p99Ms", Stats.round(p99Micros / 1000));
        }

        static Result read(com.fasterxml.jackson.databind.JsonNode node) {
            return new Result(node.path("connections").asInt(), node.path("seconds").asDouble(),
                    node.path("requests").asLong(), node.path("errors").asLong(),
                    node.path("requestsPerSecond").asDouble(), node.path("p50Ms").asDouble() * 1000,
                    node.path("p99Ms").asDouble() * 1000);
        }
    }

    private ClosedLoop() {}

    static Result run(int workers, Duration warmup, Duration measure, IntFunction<Operation> operations)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Worker> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Worker worker = new Worker(operations.apply(i), measuring, stop);
            all.add(worker);
            Thread thread = Thread.ofPlatform().name("load-" + i).daemon().start(worker);
            threads.add(thread);
        }
        Thread.sleep(warmup.toMillis());
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        long requests = 0;
        long errors = 0;
        int total = 0;
        for (Worker worker : all) {
            requests += worker.count;
            errors += worker.errors;
            total += worker.count;
        }
        long[] latencies = new long[total];
        int at = 0;
        for (Worker worker : all) {
            System.arraycopy(worker.latencies, 0, latencies, at, worker.count);
            at += worker.count;
        }
        Arrays.sort(latencies);
        return new Result(workers, seconds, requests, errors, requests / seconds,
                Stats.rank(latencies, 0.50) / 1000.0, Stats.rank(latencies, 0.99) / 1000.0);
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Worker implements Runnable {
        private final Operation operation;
        private final AtomicBoolean measuring;
        private final AtomicBoolean stop;
        long[] latencies = new long[1 << 14];
        int count;
        long errors;

        Worker(Operation operation, AtomicBoolean measuring, AtomicBoolean stop) {
            this.operation = operation;
            this.measuring = measuring;
            this.stop = stop;
        }

        @Override
        public void run() {
            try (operation) {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        ok = operation.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    long nanos = System.nanoTime() - start;
                    if (!ok) {
                        pause(); // a server that refuses at once must not turn this into a busy loop
                    }
                    if (measuring.get()) {
                        if (!ok) {
                            errors++;
                        } else {
                            if (count == latencies.length) {
                                latencies = Arrays.copyOf(latencies, count * 2);
                            }
                            latencies[count++] = nanos;
                        }
                    }
                }
            }
        }
    }
}
