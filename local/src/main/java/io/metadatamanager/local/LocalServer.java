package io.metadatamanager.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynalite.Dynalite;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.TableDefinition;
import io.metadatamanager.lambda.HandlerConfig;
import io.metadatamanager.lambda.MetadataHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The whole local stack: engine, table, handler and gateway. Closing it stops all of them. */
public final class LocalServer implements AutoCloseable {
    /**
     * What to run.
     *
     * @param host the address to listen on
     * @param port the port, 0 for a free one
     * @param dataDir where the engine's data and the signing key live
     * @param inMemory keep the engine's data in memory only
     * @param endpoint an engine to use instead of starting dynalite
     * @param table the table name
     * @param home the repository root (for the pinned dynalite)
     */
    public record Options(String host, int port, Path dataDir, boolean inMemory, Optional<URI> endpoint,
            String table, Path home) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(home, "home");
        }
    }

    private final Dynalite dynalite;
    private final DynamoDbClient client;
    private final LocalGateway gateway;
    private final URI engine;

    private LocalServer(Dynalite dynalite, DynamoDbClient client, LocalGateway gateway, URI engine) {
        this.dynalite = dynalite;
        this.client = client;
        this.gateway = gateway;
        this.engine = engine;
    }

    public static LocalServer start(Options options) {
        Dynalite dynalite = null;
        DynamoDbClient client = null;
        try {
            URI engine;
            if (options.endpoint().isPresent()) {
                engine = options.endpoint().get();
            } else {
                dynalite = Dynalite.start(options.home(),
                        options.inMemory() ? Optional.empty() : Optional.of(options.dataDir()));
                engine = dynalite.endpoint();
            }
            Map<String, String> env = new HashMap<>();
            env.put("TABLE_NAME", options.table());
            env.put("DYNAMODB_ENDPOINT", engine.toString());
            env.put("AWS_REGION", "us-east-1");
            HandlerConfig config = HandlerConfig.fromEnvironment(env);
            client = DynamoDbClients.create(Optional.of(engine), Region.of(config.region()), CredentialsSource.LOCAL);
            TableDefinition.ensureTable(client, options.table());
            ObjectMapper json = JsonSupport.newMapper();
            LocalIdentity identity = LocalIdentity.loadOrCreate(options.dataDir());
            TokenVerifier verifier = new TokenVerifier(identity.publicKeys(), LocalIdentity.ISSUER,
                    Set.of(LocalIdentity.CLIENT_ID));
            LocalGateway gateway = LocalGateway.start(options.host(), options.port(),
                    new MetadataHandler(config, client), verifier, identity.publicKeys().toString(), json);
            return new LocalServer(dynalite, client, gateway, engine);
        } catch (IOException e) {
            close(dynalite, client);
            throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port(), e);
        } catch (RuntimeException e) {
            close(dynalite, client);
            throw e;
        }
    }

    public int port() {
        return gateway.port();
    }

    public URI engine() {
        return engine;
    }

    @Override
    public void close() {
        gateway.close();
        close(dynalite, client);
    }

    private static void close(Dynalite dynalite, DynamoDbClient client) {
        if (client != null) {
            client.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
