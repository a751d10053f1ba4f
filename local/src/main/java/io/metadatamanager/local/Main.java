package io.metadatamanager.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.RepositoryHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ./metadata-manager} command line. */
@Command(name = "metadata-manager", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Runs Metadata Manager locally and manages its data.",
        subcommands = {Main.Serve.class, Main.Token.class, Main.Info.class})
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

        @Override
        public void run() {
            LocalServer server = LocalServer.start(new LocalServer.Options(host, port, dataDir, inMemory,
                    Optional.ofNullable(endpoint), table, RepositoryHome.find()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "shutdown"));
            System.err.printf("Metadata Manager listening on http://%s:%d (engine %s, table %s)%n",
                    host, server.port(), server.engine(), table);
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
                ObjectMapper json = JsonSupport.newMapper();
                try {
                    System.out.println(json.writeValueAsString(info));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                info.forEach((k, v) -> System.out.println(k + ": " + v));
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
