package io.metadatamanager.local;

import io.metadatamanager.core.DataTransfer;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Maintenance;
import io.metadatamanager.dynalite.RepositoryHome;
import io.metadatamanager.lambda.RepairHandler;
import io.metadatamanager.local.bench.BenchCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code ./metadata-manager} command line. */
@Command(name = "metadata-manager", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Runs Metadata Manager locally and manages its data.",
        subcommands = {Main.Serve.class, Main.Token.class, Main.Info.class, Main.Repair.class, Main.Export.class,
                Main.Import.class, BenchCommand.class})
public final class Main implements Runnable {
    static final String HANDLER = "io.metadatamanager.lambda.MetadataHandler::handleRequest";

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Starts dynalite and the local API Gateway in front of the Lambda handler.")
    static final class Serve implements Runnable {
        @Option(names = "--port", defaultValue = "3000", description = "HTTP port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--data-dir", defaultValue = ".data",
                description = "Engine data and signing key (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--in-memory", description = "Keep the engine's data in memory only.")
        boolean inMemory;

        @Option(names = "--dynamodb-endpoint", description = "Use this DynamoDB-compatible engine instead of dynalite.")
        URI endpoint;

        @Option(names = "--table", defaultValue = "metadata", description = "Table name (default: ${DEFAULT-VALUE}).")
        String table;

        @Option(names = "--issuer", description = "Trust this token issuer (e.g. a Cognito user pool) instead of the "
                + "local identity; needs --jwks-url and --client-id.")
        String issuer;

        @Option(names = "--jwks-url", description = "Where the issuer's public keys are.")
        URI jwksUrl;

        @Option(names = "--client-id", split = ",", description = "Allowed app client ids (default: local-client).")
        java.util.List<String> clientIds;

        @Option(names = "--accept-id-tokens", description = "Accept ID tokens (aud must be an allowed client) too.")
        boolean acceptIdTokens;

        @Option(names = "--clock-tolerance", defaultValue = "PT0S",
                description = "Allowed clock difference on token times, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration clockTolerance;

        @Option(names = "--token-cache-ttl", defaultValue = "PT5M", description = "How long a verified token is "
                + "accepted without checking its signature again, like API Gateway's authorizer result cache; "
                + "ISO-8601, PT0S to PT1H, PT0S: off (default: ${DEFAULT-VALUE}).")
        Duration tokenCacheTtl;

        @Option(names = "--throttle-config", description = "Stage and usage-plan throttling, JSON (see README).")
        Path throttleConfig;

        @Option(names = "--cors-origin", split = ",", description = "Origins allowed to call from browsers (default: none).")
        java.util.List<String> corsOrigins;

        @Option(names = "--tenant-rate", defaultValue = "100", description = "Requests/s per tenant (default: ${DEFAULT-VALUE}).")
        double tenantRate;

        @Option(names = "--tenant-burst", defaultValue = "200", description = "Burst per tenant (default: ${DEFAULT-VALUE}).")
        int tenantBurst;

        @Option(names = "--runtime", defaultValue = "in-process", description = "Where the function runs: in-process "
                + "(default), or process: like Lambda, JVMs running the deployment artifact under the AWS Lambda "
                + "Runtime Interface Client, reached through the Lambda Runtime API (cold starts included).")
        String runtime;

        @Option(names = "--max-environments", defaultValue = "1", description = "With --runtime=process: execution "
                + "environments that may run at once (default: ${DEFAULT-VALUE}).")
        int maxEnvironments;

        @Override
        public void run() {
            LocalServer.Security security = new LocalServer.Security(Optional.ofNullable(issuer),
                    Optional.ofNullable(jwksUrl),
                    clientIds == null ? java.util.Set.of(LocalIdentity.CLIENT_ID) : java.util.Set.copyOf(clientIds),
                    acceptIdTokens, clockTolerance, tokenCacheTtl, Optional.ofNullable(throttleConfig),
                    corsOrigins == null ? java.util.Set.of() : java.util.Set.copyOf(corsOrigins), tenantRate, tenantBurst);
            LocalServer.FunctionRuntime function = switch (runtime) {
                case "in-process" -> LocalServer.FunctionRuntime.IN_PROCESS;
                case "process" -> new LocalServer.FunctionRuntime(true, maxEnvironments);
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "--runtime must be in-process or process, not " + runtime);
            };
            LocalServer server = LocalServer.start(new LocalServer.Options(host, port, dataDir, inMemory,
                    Optional.ofNullable(endpoint), table, RepositoryHome.find(), security, function));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "shutdown"));
            System.err.printf("Metadata Manager listening on http://%s:%d (engine %s, table %s%s)%n",
                    host, server.port(), server.engine(), table,
                    function.outOfProcess() ? ", function out of process like Lambda" : "");
            System.err.printf("Get a token: ./metadata-manager token --sub alice%s%n",
                    dataDir.equals(Path.of(".data")) ? "" : " --data-dir " + dataDir);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Prints an access token (RS256, Cognito-shaped) that the local gateway accepts.")
    static final class Token implements Runnable {
        @Option(names = "--sub", required = true, description = "The subject: the tenant.")
        String sub;

        @Option(names = "--data-dir", defaultValue = ".data",
                description = "Where the signing key is (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--client-id", defaultValue = LocalIdentity.CLIENT_ID,
                description = "The app client (default: ${DEFAULT-VALUE}).")
        String clientId;

        @Option(names = "--ttl", defaultValue = "PT1H", description = "Lifetime, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration ttl;

        @Override
        public void run() {
            System.out.println(LocalIdentity.loadOrCreate(dataDir).token(sub, clientId, ttl));
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Describes the deployment artifact.")
    static final class Info implements Runnable {
        @Option(names = "--json", description = "Print JSON.")
        boolean asJson;

        @Override
        public void run() {
            Path artifact = RepositoryHome.find().resolve("lambda/target/metadata-manager-lambda.jar");
            Map<String, String> info = new LinkedHashMap<>();
            info.put("artifact", artifact.toAbsolutePath().normalize().toString());
            info.put("handler", HANDLER);
            info.put("version", version());
            if (asJson) {
                Json json = new Json();
                var out = json.createObjectNode();
                info.forEach(out::put);
                System.out.println(json.writeValueAsString(out));
            } else {
                info.forEach((k, v) -> System.out.println(k + ": " + v));
            }
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Brings every head up to its newest version, reports orphans, applies retention.")
    static final class Repair implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Mixin
        EngineOptions engine;

        @Option(names = "--max-versions", description = "Keep at most this many versions per document.")
        Integer maxVersions;

        @Option(names = "--max-age-days", description = "Prune versions older than this (never the newest).")
        Long maxAgeDays;

        @Override
        public Integer call() throws IOException {
            Json json = new Json();
            try (EngineOptions.Engine open = engine.open(false)) {
                Maintenance.Report report = new Maintenance(
                        open.repository(json), java.time.Clock.systemUTC())
                        .run(new Maintenance.Retention(
                                maxVersions == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxVersions),
                                Optional.ofNullable(maxAgeDays).map(Duration::ofDays)));
                System.out.println(json.writeValueAsString(RepairHandler.reportJson(json, report)));
                return report.failures() > 0 ? 1 : 0;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes every tenant's documents with full history as JSON Lines.")
    static final class Export implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Mixin
        EngineOptions engine;

        @Option(names = "--out", required = true, description = "The file to write ('-' for standard output).")
        String out;

        @Override
        public Integer call() throws IOException {
            Json json = new Json();
            try (EngineOptions.Engine open = engine.open(false);
                    java.io.Writer writer = out.equals("-")
                            ? new java.io.BufferedWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                            : java.nio.file.Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
                long count = new DataTransfer(json).export(
                        open.repository(json), writer,
                        n -> System.err.println("exported " + n + " versions ..."));
                writer.flush();
                System.err.println("exported " + count + " versions" + (out.equals("-") ? "" : " to " + out));
                return 0;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Restores an export into an empty or existing table; running it twice changes nothing.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Mixin
        EngineOptions engine;

        @Option(names = "--in", required = true, description = "The file an export wrote.")
        Path in;

        @Override
        public Integer call() throws IOException {
            Json json = new Json();
            if (!java.nio.file.Files.isRegularFile(in)) {
                System.err.println("import: no such file: " + in);
                return 2;
            }
            try (EngineOptions.Engine open = engine.open(true)) {
                DataTransfer.ImportReport report;
                try {
                    report = new DataTransfer(json).importAll(
                            open.repository(json),
                            () -> {
                                try {
                                    return java.nio.file.Files.newBufferedReader(in, StandardCharsets.UTF_8);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            n -> System.err.println("imported " + n + " versions ..."));
                } catch (DataTransfer.BadInputException e) {
                    System.err.println("import: " + in + ", " + e.getMessage() + "; nothing was written");
                    return 2;
                }
                var out = json.createObjectNode();
                out.put("lines", report.lines());
                out.put("written", report.written());
                out.put("present", report.present());
                out.put("conflicts", report.conflicts());
                report.conflictSamples().forEach(out.withArray("conflictSamples")::add);
                System.out.println(json.writeValueAsString(out));
                return report.conflicts() > 0 ? 3 : 0;
            }
        }
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/metadata-manager.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"metadata-manager " + version()};
        }
    }
}
