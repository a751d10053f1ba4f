package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The results of one run, as a table for people and as JSON, with the targets checked. */
final class Report {
    static final String PROBE = "probe: client + one GetItem";
    static final String PROBE_AOT = "probe, AOT cache";
    static final String FUNCTION_GET = "function GET";
    static final String FUNCTION_POST = "function POST";
    static final String FUNCTION_GET_AOT = "function GET, AOT cache (JDK 25)";

    private final ObjectMapper json;
    private final ObjectNode root;
    private final ObjectNode targets;
    private final StringBuilder text = new StringBuilder();

    Report(ObjectMapper json) {
        this.json = json;
        this.root = json.createObjectNode();
        this.targets = json.createObjectNode();
    }

    void command(String command) {
        root.put("command", command);
    }

    void machine(double loadAverage) {
        ObjectNode machine = root.putObject("machine");
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("loadAverageAtStart", Stats.round(loadAverage));
        root.put("startedAt", Instant.now().toString());
    }

    void machineEnd(double loadAverage) {
        ((ObjectNode) root.get("machine")).put("loadAverageAtEnd", Stats.round(loadAverage));
    }

    void artifact(String path, long bytes, int entries) {
        double mb = bytes / 1e6;
        ObjectNode node = root.putObject("artifact");
        node.put("path", path);
        node.put("bytes", bytes);
        node.put("megabytes", Stats.round(mb));
        node.put("entries", entries);
        target("artifactMegabytes", mb, BenchCommand.TARGET_ARTIFACT_MB, true);
        text.append(String.format("%nArtifact: %s, %.2f MB (%,d bytes, %,d entries); target <= %.0f MB: %s%n",
                path, mb, bytes, entries, BenchCommand.TARGET_ARTIFACT_MB,
                verdict(mb, BenchCommand.TARGET_ARTIFACT_MB)));
    }

    void capacity(List<CapacityBench.Row> rows) {
        CapacityBench.write(rows, root.putArray("capacity"));
        text.append(String.format("%nDynamoDB calls and consumed capacity per route (ReturnConsumedCapacity=TOTAL, "
                + "dynalite; documents of ~350 bytes)%n"));
        text.append(String.format("%-50s %6s %5s %9s  %s%n", "route", "status", "calls", "capacity",
                "calls with their capacity units"));
        for (CapacityBench.Row row : rows) {
            text.append(String.format("%-50s %6d %5d %9.1f  %s%s%n", row.route(), row.status(), row.calls().size(),
                    row.capacity(), row.breakdown(),
                    row.errors().isEmpty() ? "" : " (failed: " + String.join(", ", row.errors()) + ")"));
        }
    }

    void coldStart(Map<String, ColdStartBench.Series> series, int rounds, List<String> jvmOptions,
            List<String> notes) {
        ObjectNode node = root.putObject("coldStart");
        node.put("processesPerVariant", rounds);
        jvmOptions.forEach(node.putArray("jvmOptions")::add);
        ArrayNode variants = node.putArray("variants");
        series.values().forEach(s -> s.writeTo(variants.addObject()));
        notes.forEach(node.putArray("notes")::add);
        text.append(String.format("%nCold start: %d fresh JVMs per variant, interleaved; Runtime Interface Client "
                + "against this process's runtime API; median [min–max]%n", rounds));
        text.append(String.format("%-62s %22s %22s %22s %20s%n", "variant", "init ms", "first invocation ms",
                "init + first ms", "RSS MiB"));
        for (ColdStartBench.Series s : series.values()) {
            text.append(String.format("%-62s %22s %22s %22s %20s%s%n", s.name(), s.init().text(), s.first().text(),
                    s.total().text(), s.rss().text(),
                    s.failures().isEmpty() ? ""
                            : "  (" + s.failures().size() + " failed: " + s.failures().getFirst() + ")"));
        }
        ColdStartBench.Series probe = series.get(PROBE);
        ColdStartBench.Series get = series.get(FUNCTION_GET);
        if (probe != null && get != null && probe.total().n() > 0 && get.total().n() > 0) {
            double ratio = get.total().median() / probe.total().median();
            node.put("ratioGetToProbe", Stats.round(ratio));
            target("coldStartRatioToProbe", ratio, BenchCommand.TARGET_COLD_RATIO, true);
            text.append(String.format("function GET / probe, init + first (medians): %.2f; target <= %.2f: %s%n",
                    ratio, BenchCommand.TARGET_COLD_RATIO, verdict(ratio, BenchCommand.TARGET_COLD_RATIO)));
        }
        ColdStartBench.Series probeAot = series.get(PROBE_AOT);
        ColdStartBench.Series getAot = series.get(FUNCTION_GET_AOT);
        if (probeAot != null && getAot != null && probeAot.total().n() > 0 && getAot.total().n() > 0) {
            double ratio = getAot.total().median() / probeAot.total().median();
            node.put("ratioGetToProbeBothWithAotCache", Stats.round(ratio));
            text.append(String.format("function GET / probe, both with an AOT cache (medians): %.2f%n", ratio));
        }
        notes.forEach(n -> text.append("note: ").append(n).append('\n'));
    }

    void runner(Map<String, RunnerStartBench.Series> series) {
        ArrayNode list = root.putObject("runnerStart").putArray("variants");
        text.append(String.format("%nLocal runner: serve (against the engine already running) from process start to "
                + "listening, median [min–max]%n"));
        for (RunnerStartBench.Series s : series.values()) {
            ObjectNode node = list.addObject();
            node.put("variant", s.name());
            s.options().forEach(node.putArray("jvmOptions")::add);
            s.stats().writeTo(node.putObject("timeToListenMs"));
            s.failures().forEach(node.putArray("failures")::add);
            text.append(String.format("%-30s %24s ms%s%n", s.name(), s.stats().text(),
                    s.failures().isEmpty() ? "" : "  (" + s.failures().size() + " failed)"));
        }
    }

    /**
     * The handler benchmarks of {@code rounds} JMH runs, one after the other: each benchmark's median over the
     * rounds, and each route's cost without DynamoDB as the median over the rounds of the route minus its SDK
     * replay measured in the same round.
     */
    void jmh(String label, List<String> jvmOptions, List<Map<String, JmhBench.Result>> rounds) {
        ObjectNode node = root.withObject("/handlerOverhead").putObject(label);
        jvmOptions.forEach(node.putArray("jvmOptions")::add);
        node.put("rounds", rounds.size());
        ArrayNode list = node.putArray("benchmarks");
        text.append(String.format("%nHandler on a warm JVM, DynamoDB answering from memory (JMH, -prof gc; %s%s; "
                + "medians of %d rounds)%n", label, jvmOptions.isEmpty() ? "" : ": " + String.join(" ", jvmOptions),
                rounds.size()));
        text.append(String.format("%-12s %14s %14s %12s%n", "benchmark", "us/op (wall)", "CPU us/op", "bytes/op"));
        for (String name : rounds.getFirst().keySet()) {
            JmhBench.Result r = new JmhBench.Result(name, median(rounds, name, JmhBench.Result::nanos),
                    median(rounds, name, JmhBench.Result::error), median(rounds, name, JmhBench.Result::cpuNanos),
                    median(rounds, name, JmhBench.Result::bytes));
            r.writeTo(list.addObject());
            text.append(String.format("%-12s %14.1f %14.1f %12.0f%n", r.name(), r.nanos() / 1000,
                    r.cpuNanos() / 1000, r.bytes()));
        }
        text.append(String.format("%-8s %24s %12s %14s%n", "route", "handler - SDK: us/op", "CPU us/op",
                "bytes/op"));
        ObjectNode overhead = node.putObject("handlerMinusSdk");
        String suffix = label.equals("function flags") ? "" : "DefaultFlags";
        for (String route : List.of("get", "create", "replace", "list")) {
            String sdk = "sdk" + Character.toUpperCase(route.charAt(0)) + route.substring(1);
            if (!rounds.getFirst().containsKey(route) || !rounds.getFirst().containsKey(sdk)) {
                continue;
            }
            double wall = difference(rounds, route, sdk, JmhBench.Result::nanos) / 1000;
            double cpu = difference(rounds, route, sdk, JmhBench.Result::cpuNanos) / 1000;
            double bytes = difference(rounds, route, sdk, JmhBench.Result::bytes);
            ObjectNode row = overhead.putObject(route);
            row.put("wallMicros", Stats.round(wall));
            row.put("cpuMicros", Stats.round(cpu));
            row.put("bytes", Stats.round(bytes));
            text.append(String.format("%-8s %24.1f %12.1f %14.0f%n", route, wall, cpu, bytes));
            if (route.equals("get")) {
                target("getOverheadMicros" + suffix, wall, BenchCommand.TARGET_GET_MICROS, true);
            } else if (route.equals("create")) {
                target("createOverheadMicros" + suffix, wall, BenchCommand.TARGET_CREATE_MICROS, true);
            }
        }
    }

    private static double median(List<Map<String, JmhBench.Result>> rounds, String name,
            java.util.function.ToDoubleFunction<JmhBench.Result> value) {
        return Stats.median(rounds.stream().mapToDouble(round -> value.applyAsDouble(round.get(name))).sorted().toArray());
    }

    private static double difference(List<Map<String, JmhBench.Result>> rounds, String minuend, String subtrahend,
            java.util.function.ToDoubleFunction<JmhBench.Result> value) {
        return Stats.median(rounds.stream().mapToDouble(round -> value.applyAsDouble(round.get(minuend))
                - value.applyAsDouble(round.get(subtrahend))).sorted().toArray());
    }

    void load(List<LoadBench.Row> rows, Duration serverWarmup, Duration warmup, Duration measure) {
        ObjectNode node = root.putObject("load");
        node.put("serverWarmupSecondsPerRoute", serverWarmup.toSeconds());
        node.put("warmupSeconds", warmup.toSeconds());
        node.put("measuredSeconds", measure.toSeconds());
        ArrayNode list = node.putArray("runs");
        text.append(String.format("%nWarm load, closed loop (server warmed %d s per route; each run %d s warm-up, %d s "
                + "measured): local server (its own process) under a separate load-generator process; SDK floor = "
                + "the route's DynamoDB calls straight through the SDK%n", serverWarmup.toSeconds(),
                warmup.toSeconds(), measure.toSeconds()));
        text.append(String.format("%-7s %5s | %9s %8s %8s %6s | %9s %8s %8s | %7s  %s%n", "route", "conns",
                "server/s", "p50 ms", "p99 ms", "errors", "floor/s", "p50 ms", "p99 ms", "ratio", "floor calls"));
        for (LoadBench.Row row : rows) {
            ObjectNode run = list.addObject();
            run.put("route", row.route());
            row.server().writeTo(run.putObject("server"));
            row.floor().writeTo(run.putObject("sdkFloor"));
            row.operations().forEach(run.putArray("floorOperations")::add);
            run.put("ratio", Stats.round(row.ratio()));
            text.append(String.format("%-7s %5d | %9.0f %8.2f %8.2f %6d | %9.0f %8.2f %8.2f | %7.2f  %s%n",
                    row.route(), row.connections(), row.server().perSecond(), row.server().p50Micros() / 1000,
                    row.server().p99Micros() / 1000, row.server().errors(), row.floor().perSecond(),
                    row.floor().p50Micros() / 1000, row.floor().p99Micros() / 1000, row.ratio(),
                    String.join("+", row.operations())));
            if (row.route().equals("get") && row.connections() == 16) {
                target("getThroughputRatio16", row.ratio(), BenchCommand.TARGET_THROUGHPUT_RATIO, false);
                text.append(String.format("GET at 16 connections, server / floor: %.2f; target >= %.2f: %s%n",
                        row.ratio(), BenchCommand.TARGET_THROUGHPUT_RATIO,
                        row.ratio() >= BenchCommand.TARGET_THROUGHPUT_RATIO ? "met"
                                : String.format("missed by %.0f %%",
                                        (1 - row.ratio() / BenchCommand.TARGET_THROUGHPUT_RATIO) * 100)));
            }
        }
    }

    private void target(String name, double value, double limit, boolean atMost) {
        ObjectNode t = targets.putObject(name);
        t.put("value", Stats.round(value));
        t.put(atMost ? "atMost" : "atLeast", limit);
        t.put("met", atMost ? value <= limit : value >= limit);
    }

    private static String verdict(double value, double limit) {
        return value <= limit ? "met" : String.format("missed by %.0f %%", (value / limit - 1) * 100);
    }

    String text() {
        ObjectNode machine = (ObjectNode) root.get("machine");
        List<String> head = new ArrayList<>();
        head.add(String.format("Metadata Manager benchmarks: %s", root.path("command").asText()));
        head.add(String.format("Machine: %d processors, %s, %s; load average %.2f at start, %.2f at end",
                machine.path("processors").asInt(), machine.path("jdk").asText(), machine.path("os").asText(),
                machine.path("loadAverageAtStart").asDouble(), machine.path("loadAverageAtEnd").asDouble()));
        return String.join("\n", head) + "\n" + text;
    }

    ObjectNode json() {
        ObjectNode out = root.deepCopy();
        out.set("targets", targets);
        return out;
    }
}
