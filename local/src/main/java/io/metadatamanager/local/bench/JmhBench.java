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
    /** One benchmark's result. */
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
     * @param jvmOptions the forked JVM's options (the function's, for numbers that hold in Lambda)
     * @return results by benchmark method name
     */
    Map<String, Result> run(Path java, Path benchmarks, List<String> jvmOptions, int warmups, int iterations,
            Path workDir, String label) throws IOException, InterruptedException {
        Path results = workDir.resolve("jmh-" + label + ".json");
        Path log = workDir.resolve("jmh-" + label + ".log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", benchmarks.toString(),
                "HandlerBenchmark", "-f", "1", "-wi", Integer.toString(warmups), "-w", "1s",
                "-i", Integer.toString(iterations), "-r", "1s", "-prof", "gc", "-rf", "json",
                "-rff", results.toString()));
        if (!jvmOptions.isEmpty()) {
            command.add("-jvmArgsAppend");
            command.add(String.join(" ", jvmOptions));
        }
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
            double calls = secondary.path("calls").path("score").asDouble(Double.NaN);
            double cpu = secondary.path("cpuNanos").path("score").asDouble(Double.NaN);
            out.put(name, new Result(name, primary.path("score").asDouble(), primary.path("scoreError").asDouble(),
                    cpu / calls, secondary.path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN)));
        }
        return out;
    }
}
