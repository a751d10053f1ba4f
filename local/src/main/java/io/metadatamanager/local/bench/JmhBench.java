package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the handler benchmarks ({@code bench} module, JMH with its GC profiler) in their own JVM and reads
 * their results: wall-clock and CPU nanoseconds per request and bytes allocated per request.
 */
final class JmhBench {
    /**
     * One benchmark's result: the median over the measured iterations of the wall-clock and the CPU time per
     * request (medians, since on a shared machine an iteration now and then loses its core), JMH's error of the
     * mean, and the bytes allocated per request.
     */
    record Result(String name, double nanos, double error, double cpuNanos, double bytes) {
        void writeTo(ObjectNode node) {
            node.put("benchmark", name);
            node.put("nsPerOp", Stats.round(nanos));
            node.put("nsPerOpError", Stats.round(error));
            node.put("cpuNsPerOp", Stats.round(cpuNanos));
            node.put("bytesPerOp", Stats.round(bytes));
        }
    }

    private final ObjectMapper json;

    JmhBench(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Runs every handler benchmark in one JVM of its own, one after the other ({@code -f 0}): the routes and the
     * SDK replays then run on the same compiled SDK code, so that their difference is the handler's own cost and
     * not a difference between two JVMs' compilations. Run it several times for the spread between JVMs.
     *
     * @param jvmOptions the JVM's options (the function's, for numbers that hold in Lambda)
     * @return results by benchmark method name
     */
    Map<String, Result> run(Path java, Path benchmarks, List<String> jvmOptions, int warmups, int iterations,
            Path workDir, String label) throws IOException, InterruptedException {
        Path results = workDir.resolve("jmh-" + label + ".json");
        Path log = workDir.resolve("jmh-" + label + ".log");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", benchmarks.toString(),
                "HandlerBenchmark", "-f", "0", "-wi", Integer.toString(warmups), "-w", "1s",
                "-i", Integer.toString(iterations), "-r", "1s", "-prof", "gc", "-rf", "json",
                "-rff", results.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("the benchmarks failed; see " + log);
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (JsonNode benchmark : json.readTree(Files.readAllBytes(results))) {
            String name = benchmark.path("benchmark").asText().replaceFirst(".*\\.", "");
            JsonNode primary = benchmark.path("primaryMetric");
            JsonNode secondary = benchmark.path("secondaryMetrics");
            List<Double> nanos = iterations(primary);
            List<Double> cpu = iterations(secondary.path("cpuNanos"));
            List<Double> calls = iterations(secondary.path("calls"));
            List<Double> cpuPerCall = new ArrayList<>();
            for (int i = 0; i < Math.min(cpu.size(), calls.size()); i++) {
                cpuPerCall.add(cpu.get(i) / calls.get(i));
            }
            out.put(name, new Result(name, median(nanos), primary.path("scoreError").asDouble(), median(cpuPerCall),
                    secondary.path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN)));
        }
        return out;
    }

    /** The value of each measured iteration, all forks together. */
    private static List<Double> iterations(JsonNode metric) {
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            fork.forEach(value -> values.add(value.asDouble()));
        }
        return values;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
