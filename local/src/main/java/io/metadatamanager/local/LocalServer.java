package io.metadatamanager.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.metadatamanager.core.Json;
import io.metadatamanager.dynalite.Dynalite;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.TableDefinition;
import io.metadatamanager.lambda.HandlerConfig;
import io.metadatamanager.lambda.MetadataHandler;
import io.metadatamanager.local.runtime.FunctionLaunch;
import io.metadatamanager.local.runtime.ProcessRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
     * @param home the repository root (for the pinned dynalite, and the function's artifact)
     * @param function where the function runs
     */
    public record Options(String host, int port, Path dataDir, boolean inMemory, Optional<URI> endpoint,
            String table, Path home, Security security, FunctionRuntime function) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(function, "function");
        }

        public Options(String host, int port, Path dataDir, boolean inMemory, Optional<URI> endpoint, String table,
                Path home, Security security) {
            this(host, port, dataDir, inMemory, endpoint, table, home, security, FunctionRuntime.IN_PROCESS);
        }

        public Options(String host, int port, Path dataDir, boolean inMemory, Optional<URI> endpoint, String table,
                Path home) {
            this(host, port, dataDir, inMemory, endpoint, table, home, Security.defaults());
        }
    }

    /**
     * Where the function runs: in this JVM (the default: quick to start, easy to debug), or out of process the way
     * Lambda runs it, a JVM per execution environment running the deployment artifact under the AWS Lambda Runtime
     * Interface Client, which the gateway's events reach through the Lambda Runtime API.
     *
     * @param outOfProcess whether to run it as Lambda does
     * @param maxEnvironments how many execution environments may run at once (out of process)
     */
    public record FunctionRuntime(boolean outOfProcess, int maxEnvironments) {
        public static final FunctionRuntime IN_PROCESS = new FunctionRuntime(false, 1);

        public FunctionRuntime {
            if (maxEnvironments < 1) {
                throw new IllegalArgumentException("at least one execution environment is needed");
            }
        }
    }

    /** The function's memory and timeout out of process, as deployed (see the infrastructure module). */
    static final int FUNCTION_MEMORY_MB = 1024;
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Authentication, throttling and CORS.
     *
     * @param issuer an external issuer to trust instead of the local identity (with {@code jwksUrl})
     * @param jwksUrl where the external issuer's keys are
     * @param clientIds allowed app clients (default: the local identity's client)
     * @param acceptIdTokens accept ID tokens besides access tokens
     * @param clockTolerance allowed clock difference on token times
     * @param tokenCacheTtl how long a token's valid verification result is reused, as API Gateway's authorizer
     *     caches its results ({@code resultsCacheTtl}); zero: every request is verified
     * @param throttleConfig stage and usage-plan throttling (see {@link GatewayThrottling}); default: API
     *     Gateway's account defaults
     * @param corsOrigins origins allowed to call from browsers; empty: CORS off
     * @param tenantRate per-tenant requests per second in the function
     * @param tenantBurst per-tenant burst in the function
     */
    public record Security(Optional<String> issuer, Optional<URI> jwksUrl, Set<String> clientIds,
            boolean acceptIdTokens, Duration clockTolerance, Duration tokenCacheTtl, Optional<Path> throttleConfig,
            Set<String> corsOrigins, double tenantRate, int tenantBurst) {
        /** The longest authorizer result TTL API Gateway allows (3600 s). */
        public static final Duration MAX_TOKEN_CACHE_TTL = Duration.ofHours(1);

        public Security {
            if (issuer.isPresent() != jwksUrl.isPresent()) {
                throw new IllegalArgumentException("--issuer and --jwks-url go together");
            }
            if (tokenCacheTtl.isNegative() || tokenCacheTtl.compareTo(MAX_TOKEN_CACHE_TTL) > 0) {
                throw new IllegalArgumentException("--token-cache-ttl must be from PT0S to PT1H, as in API Gateway");
            }
            clientIds = Set.copyOf(clientIds);
            corsOrigins = Set.copyOf(corsOrigins);
        }

        public static Security defaults() {
            return new Security(Optional.empty(), Optional.empty(), Set.of(LocalIdentity.CLIENT_ID), false,
                    Duration.ZERO, TokenVerifier.DEFAULT_CACHE_TTL, Optional.empty(), Set.of(), 100, 200);
        }
    }

    private final Dynalite dynalite;
    private final DynamoDbClient client;
    private final LocalGateway gateway;
    private final URI engine;
    private final Path engineFile;
    private final Optional<ProcessRuntime> processRuntime;

    private LocalServer(Dynalite dynalite, DynamoDbClient client, LocalGateway gateway, URI engine, Path engineFile,
            Optional<ProcessRuntime> processRuntime) {
        this.dynalite = dynalite;
        this.client = client;
        this.gateway = gateway;
        this.engine = engine;
        this.engineFile = engineFile;
        this.processRuntime = processRuntime;
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
            Security security = options.security();
            env.put("ALLOWED_CLIENT_IDS", String.join(",", security.clientIds()));
            env.put("ACCEPT_ID_TOKENS", Boolean.toString(security.acceptIdTokens()));
            env.put("TENANT_RATE_LIMIT", Double.toString(security.tenantRate()));
            env.put("TENANT_BURST_LIMIT", Integer.toString(security.tenantBurst()));
            HandlerConfig config = HandlerConfig.fromEnvironment(env);
            client = DynamoDbClients.create(Optional.of(engine), Region.of(config.region()), CredentialsSource.LOCAL);
            TableDefinition.ensureTable(client, options.table());
            Json json = new Json();
            LocalIdentity identity = LocalIdentity.loadOrCreate(options.dataDir());
            TokenVerifier verifier = new TokenVerifier(
                    security.jwksUrl().<JWKSource<SecurityContext>>map(url -> new RemoteJwks(url, Clock.systemUTC()))
                            .orElseGet(() -> new ImmutableJWKSet<>(identity.publicKeys())),
                    new TokenVerifier.Trust(security.issuer().orElse(LocalIdentity.ISSUER), security.clientIds(),
                            security.acceptIdTokens(), security.clockTolerance()),
                    Clock.systemUTC(), security.tokenCacheTtl());
            GatewayThrottling throttling = security.throttleConfig()
                    .map(file -> GatewayThrottling.fromFile(file, json))
                    .orElseGet(GatewayThrottling::defaults);
            Optional<ProcessRuntime> processRuntime = options.function().outOfProcess()
                    ? Optional.of(new ProcessRuntime(functionLaunch(options, env), options.function().maxEnvironments(),
                            FUNCTION_TIMEOUT))
                    : Optional.empty();
            RequestStreamHandler function = processRuntime.isPresent() ? processRuntime.get()
                    : new MetadataHandler(config, client);
            LocalGateway gateway = LocalGateway.start(options.host(), options.port(), function, verifier, throttling,
                    security.corsOrigins(), identity.publicKeys().toString(), json);
            // lets export, import and repair reach this engine while the server runs
            Path engineFile = options.dataDir().resolve(EngineOptions.ENGINE_FILE);
            Files.writeString(engineFile, json.createObjectNode()
                    .put("endpoint", engine.toString()).put("table", options.table()).toString());
            return new LocalServer(dynalite, client, gateway, engine, engineFile, processRuntime);
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
        try {
            Files.deleteIfExists(engineFile);
        } catch (IOException e) {
            // a stale file is detected by its dead endpoint
        }
        gateway.close();
        processRuntime.ifPresent(ProcessRuntime::close);
        close(dynalite, client);
    }

    /** The deployment artifact under the Runtime Interface Client, configured as {@code env} says. */
    private static FunctionLaunch functionLaunch(Options options, Map<String, String> env) {
        Path artifact = options.home().resolve("lambda/target/metadata-manager-lambda.jar");
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalStateException(artifact + " is missing; build with ./mvnw package -DskipTests");
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(artifact);
        classpath.addAll(FunctionLaunch.runtimeJars(options.home()));
        return new FunctionLaunch(Path.of(System.getProperty("java.home"), "bin", "java"),
                FunctionLaunch.lambdaJvmOptions(FUNCTION_MEMORY_MB), classpath, Main.HANDLER, "metadata-manager-local",
                FUNCTION_MEMORY_MB, env, options.dataDir().resolve("function").toAbsolutePath(),
                ProcessBuilder.Redirect.INHERIT);
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
