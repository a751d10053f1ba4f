package io.metadatamanager.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.dynalite.Dynalite;
import io.metadatamanager.dynalite.RepositoryHome;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbDocumentRepository;
import io.metadatamanager.dynamodb.TableDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the data is, for the maintenance commands: the local data dir (the running server's engine, or
 * dynalite started on the data dir for the duration of the command), another engine by endpoint, or
 * DynamoDB in AWS (region and table, credentials from the default chain).
 */
final class EngineOptions {
    static final String ENGINE_FILE = "engine.json";

    @Option(names = "--data-dir", defaultValue = ".data", description = "Local data dir (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--dynamodb-endpoint", description = "A DynamoDB-compatible engine instead of the local one.")
    URI endpoint;

    @Option(names = "--region", description = "Use DynamoDB in this AWS region (credentials from the default chain).")
    String region;

    @Option(names = "--table", defaultValue = "metadata", description = "Table name (default: ${DEFAULT-VALUE}).")
    String table;

    /** An open connection; closing it stops a dynalite started for it. */
    record Engine(DynamoDbClient client, String table, Dynalite dynalite) implements AutoCloseable {
        DynamoDbDocumentRepository repository(Json json) {
            return new DynamoDbDocumentRepository(client, table, json);
        }

        @Override
        public void close() {
            client.close();
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }

    Engine open(boolean createTable) {
        if (region != null && endpoint == null) {
            return new Engine(DynamoDbClients.create(Optional.empty(), Region.of(region),
                    CredentialsSource.DEFAULT_CHAIN), table, null);
        }
        Dynalite dynalite = null;
        URI target = endpoint;
        CredentialsSource credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
                ? CredentialsSource.DEFAULT_CHAIN : CredentialsSource.LOCAL;
        if (target == null) {
            Optional<URI> running = runningServerEngine(dataDir);
            if (running.isPresent()) {
                target = running.get();
            } else {
                dynalite = Dynalite.start(RepositoryHome.find(), Optional.of(dataDir));
                target = dynalite.endpoint();
            }
            credentials = CredentialsSource.LOCAL;
        }
        DynamoDbClient client = DynamoDbClients.create(Optional.of(target),
                Region.of(region == null ? "us-east-1" : region), credentials);
        if (createTable) {
            TableDefinition.ensureTable(client, table);
        }
        return new Engine(client, table, dynalite);
    }

    /** The engine of a {@code serve} running on this data dir, if it answers. */
    static Optional<URI> runningServerEngine(Path dataDir) {
        Path file = dataDir.resolve(ENGINE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Json json = new Json();
            JsonNode node = json.readTree(Files.readAllBytes(file));
            URI uri = URI.create(node.path("endpoint").asText());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            }
            return Optional.of(uri);
        } catch (IOException | IllegalArgumentException gone) {
            return Optional.empty();
        }
    }
}
