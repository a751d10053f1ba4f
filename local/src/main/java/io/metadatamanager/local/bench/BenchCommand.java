package io.metadatamanager.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.Dynalite;
import io.metadatamanager.dynalite.RepositoryHome;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.TableDefinition;
import io.metadatamanager.lambda.HandlerConfig;
import io.metadatamanager.lambda.MetadataHandler;
import io.metadatamanager.local.runtime.FunctionLaunch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./metadata-manager bench}: the performance numbers of docs/BENCHMARKS.md, from one run on this
 * machine. Starts its own in-memory dynalite; everything else runs in processes of its own (the function under
 * the Runtime Interface Client, the JMH benchmarks, the local server, the load generator), on loopback only.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures cold start (fresh JVMs under the Lambda Runtime Interface Client), handler overhead "
                + "(JMH), warm throughput of the local server against an SDK-only floor, DynamoDB cost per route and "
                + "the artifact's size. Prints a table, then a JSON summary.",
                "Takes about 7 minutes on 2 cores (--quick: about 3); keeps to loopback."})
public final class BenchCommand implements Callable<Integer> {
    static final String HANDLER = "io.metadatamanager.lambda.MetadataHandler::handleRequest";
    static final String PROBE_HANDLER = "io.metadatamanager.bench.probe.ColdStartProbe::handleRequest";
    static final String TABLE = "bench";
    static final int MEMORY_MB = 1024;
    static final double TARGET_COLD_RATIO = 1.1;
    static final double TARGET_GET_MICROS = 50;
    static final double TARGET_CREATE_MICROS = 150;
    static final double TARGET_THROUGHPUT_RATIO = 0.9;
    static final double TARGET_ARTIFACT_MB = 12;

    /** What a run measures. */
    public enum Part { ARTIFACT, CAPACITY, COLDSTART, RUNNER, JMH, LOAD }

    @Option(names = "--quick", description = "Fewer and shorter samples: 3 processes per variant, 2 s load runs.")
    boolean quick;

    @Option(names = "--processes", description = "Fresh processes per cold-start variant (default 10, quick 3).")
    Integer processes;

    @Option(names = "--seconds", description = "Measured seconds per load run (default 5, quick 2).")
    Integer seconds;

    @Option(names = "--only", split = ",", description = "Only these parts: ${COMPLETION-CANDIDATES}.")
    Set<Part> only;

    @Option(names = "--json", description = "Also write the JSON summary here (default: "
            + "local/target/bench/<time>/summary.json).")
    Path jsonFile;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = JsonSupport.newMapper();
        Progress progress = new Progress(System.err);
        Path home = RepositoryHome.find();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path artifact = home.resolve("lambda/target/metadata-manager-lambda.jar");
        Path localJar = home.resolve("local/target/metadata-manager-local.jar");
        Path benchmarks = home.resolve("bench/target/metadata-manager-benchmarks.jar");
        Path workDir = home.resolve("local/target/bench").resolve(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        Files.createDirectories(workDir);
        Set<Part> parts = only == null || only.isEmpty() ? EnumSet.allOf(Part.class) : EnumSet.copyOf(only);
        int rounds = processes != null ? processes : quick ? 3 : 10;
        Duration measure = Duration.ofSeconds(seconds != null ? seconds : quick ? 2 : 5);
        Duration warmup = Duration.ofSeconds(quick ? 1 : 2);
        for (Path required : List.of(artifact, localJar)) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalStateException(required + " is missing; build with ./mvnw package -DskipTests");
            }
        }

        Report report = new Report(json);
        report.machine(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.command(commandLine());
        if (parts.contains(Part.ARTIFACT)) {
            try (ZipFile zip = new ZipFile(artifact.toFile())) {
                report.artifact(home.relativize(artifact).toString(), Files.size(artifact), zip.size());
            }
        }
        progress.say("starting dynalite (in memory)");
        try (Dynalite dynalite = Dynalite.start(home, Optional.empty());
                DynamoDbClient client = DynamoDbClients.create(Optional.of(dynalite.endpoint()), Region.US_EAST_1,
                        CredentialsSource.LOCAL)) {
            TableDefinition.ensureTable(client, TABLE);
            seed(json, dynalite.endpoint().toString(), client);
            if (parts.contains(Part.CAPACITY)) {
                progress.say("DynamoDB cost per route");
                report.capacity(new CapacityBench(json).run(dynalite.endpoint(), TABLE));
            }
            if (parts.contains(Part.COLDSTART)) {
                coldStarts(json, progress, report, home, java, artifact, dynalite.endpoint().toString(), workDir,
                        rounds);
            }
            if (parts.contains(Part.RUNNER)) {
                report.runner(new RunnerStartBench(progress).run(java, localJar, home, dynalite.endpoint(), workDir,
                        quick ? 3 : 5));
            }
            if (parts.contains(Part.JMH)) {
                handlerOverhead(json, progress, report, java, benchmarks, workDir, quick);
            }
            if (parts.contains(Part.LOAD)) {
                Duration serverWarmup = Duration.ofSeconds(quick ? 4 : 8);
                report.load(new LoadBench(json, progress).run(java, localJar, home, dynalite.endpoint(), TABLE,
                        workDir, List.of(1, 16), serverWarmup, warmup, measure), serverWarmup, warmup, measure);
            }
        }
        report.machineEnd(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(report.text());
        ObjectNode summary = report.json();
        Path file = jsonFile != null ? jsonFile : workDir.resolve("summary.json");
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        System.out.println("JSON summary (also in " + file + "):");
        System.out.println(json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        return 0;
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(List.of("./metadata-manager", "bench"));
        if (quick) {
            args.add("--quick");
        }
        if (processes != null) {
            args.add("--processes " + processes);
        }
        if (seconds != null) {
            args.add("--seconds " + seconds);
        }
        if (only != null && !only.isEmpty()) {
            args.add("--only " + String.join(",", only.stream().map(Enum::name).toList()));
        }
        return String.join(" ", args);
    }

    /** The documents the benchmark reads and lists. */
    private static void seed(ObjectMapper json, String endpoint, DynamoDbClient client) throws IOException {
        BenchEvents events = new BenchEvents(json);
        MetadataHandler handler = CapacityBench.quietly(() -> new MetadataHandler(HandlerConfig.fromEnvironment(
                Map.of("TABLE_NAME", TABLE, "DYNAMODB_ENDPOINT", endpoint, "AWS_REGION", "us-east-1")), client));
        List<byte[]> creates = new ArrayList<>();
        creates.add(events.create(events.document("bench-read", BenchEvents.GET_ID)));
        for (int i = 0; i < BenchEvents.LIST_SIZE; i++) {
            creates.add(events.create(events.document(BenchEvents.LIST_PAGE, String.format("bench-list-%02d", i))));
        }
        for (byte[] event : creates) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            if (json.readTree(out.toByteArray()).path("statusCode").asInt() != 201) {
                throw new IllegalStateException("seeding failed: " + out);
            }
        }
    }

    private static void coldStarts(ObjectMapper json, Progress progress, Report report, Path home, Path java,
            Path artifact, String endpoint, Path workDir, int rounds) throws Exception {
        BenchEvents events = new BenchEvents(json);
        List<Path> runtime = FunctionLaunch.runtimeJars(home);
        Path probeJar = probeJar(home);
        List<Path> functionPath = Stream.concat(Stream.of(artifact), runtime.stream()).toList();
        List<Path> probePath = Stream.concat(Stream.of(artifact, probeJar), runtime.stream()).toList();
        // Not --enable-native-access, which would silence the client's JNI warning on newer JDKs: it turns off
        // the default CDS archive's archived module graph and slows every start down.
        List<String> options = FunctionLaunch.lambdaJvmOptions(MEMORY_MB);
        Map<String, String> environment = Map.of(
                "TABLE_NAME", TABLE, "DYNAMODB_ENDPOINT", endpoint, "AWS_REGION", "us-east-1",
                "AWS_DEFAULT_REGION", "us-east-1",
                // as Lambda provides them: the function reads its role's credentials from the environment
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_SESSION_TOKEN", "local");
        FunctionLaunch function = new FunctionLaunch(java, options, functionPath, HANDLER, "metadata-manager",
                MEMORY_MB, environment, workDir.resolve("task"),
                ProcessBuilder.Redirect.appendTo(workDir.resolve("function.log").toFile()));
        FunctionLaunch probe = function.withHandler(PROBE_HANDLER, probePath);
        byte[] get = events.get(BenchEvents.GET_ID);
        byte[] create = events.create(events.document(BenchEvents.WRITE_PAGE, null));
        byte[] list = events.list(BenchEvents.LIST_PAGE, BenchEvents.LIST_LIMIT);

        ColdStartBench bench = new ColdStartBench(json, progress);
        List<ColdStartBench.Variant> variants = new ArrayList<>(List.of(
                new ColdStartBench.Variant(Report.PROBE, probe, get, 0),
                new ColdStartBench.Variant(Report.FUNCTION_GET, function, get, 200),
                new ColdStartBench.Variant(Report.FUNCTION_POST, function, create, 201),
                new ColdStartBench.Variant("function GET, primed at init (as with provisioned concurrency)",
                        function.withEnvironment(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")),
                        get, 200)));
        List<String> notes = new ArrayList<>();
        List<byte[]> training = List.of(get, create, list, events.get("bench-absent"));
        Path jsa = workDir.resolve("function.jsa");
        try {
            progress.say("cold starts: AppCDS training run");
            bench.train(function.withJvmOptions(List.of("-XX:ArchiveClassesAtExit=" + jsa)), training, jsa);
            variants.add(new ColdStartBench.Variant("function GET, AppCDS (dynamic archive)",
                    function.withJvmOptions(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + jsa)), get, 200));
        } catch (Exception e) {
            notes.add("AppCDS not measured: " + e.getMessage());
        }
        if (Runtime.version().feature() >= 25) {
            Path aot = workDir.resolve("function.aot");
            Path probeAot = workDir.resolve("probe.aot");
            try {
                progress.say("cold starts: AOT cache training runs");
                bench.train(function.withJvmOptions(List.of("-XX:AOTCacheOutput=" + aot)), training, aot);
                bench.train(probe.withJvmOptions(List.of("-XX:AOTCacheOutput=" + probeAot)), List.of(get), probeAot);
                variants.add(new ColdStartBench.Variant(Report.PROBE_AOT,
                        probe.withJvmOptions(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + probeAot)), get, 0));
                variants.add(new ColdStartBench.Variant(Report.FUNCTION_GET_AOT,
                        function.withJvmOptions(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + aot)), get, 200));
            } catch (Exception e) {
                notes.add("AOT cache not measured: " + e.getMessage());
            }
        } else {
            notes.add("AOT cache not measured: needs JDK 25 (this is " + Runtime.version().feature() + ")");
        }
        report.coldStart(bench.run(variants, rounds), rounds, options, notes);
    }

    private static Path probeJar(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("bench/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-probe.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "bench/target has no probe jar; build with ./mvnw package -DskipTests"));
        }
    }

    private static void handlerOverhead(ObjectMapper json, Progress progress, Report report, Path java,
            Path benchmarks, Path workDir, boolean quick) throws IOException, InterruptedException {
        if (!Files.isRegularFile(benchmarks)) {
            throw new IllegalStateException(benchmarks + " is missing; build with ./mvnw package -DskipTests");
        }
        JmhBench jmh = new JmhBench(json);
        // the routes and their SDK replays run in every round, so that each difference is taken side by side
        int rounds = quick ? 1 : 3;
        int iterations = quick ? 3 : 5;
        List<String> lambdaFlags = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        List<Map<String, JmhBench.Result>> c1 = new ArrayList<>();
        List<Map<String, JmhBench.Result>> c2 = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            progress.say("handler overhead, round %d of %d: JMH with C1 only (%s)", round, rounds,
                    String.join(" ", lambdaFlags));
            c1.add(jmh.run(java, benchmarks, lambdaFlags, quick ? 2 : 3, iterations, workDir, "c1-" + round));
            if (!quick) {
                // C2 needs a longer warm-up than C1 before the handler's path is compiled
                progress.say("handler overhead, round %d of %d: JMH with the JVM's default flags (C2)", round,
                        rounds);
                c2.add(jmh.run(java, benchmarks, List.of("-XX:+UseSerialGC"), 6, iterations, workDir,
                        "c2-" + round));
            }
        }
        report.jmh("function flags", lambdaFlags, c1);
        if (!c2.isEmpty()) {
            report.jmh("default flags", List.of("-XX:+UseSerialGC"), c2);
        }
    }
}
