package io.metadatamanager.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IdempotentCreates;
import io.metadatamanager.core.Json;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbCursorKey;
import io.metadatamanager.dynamodb.DynamoDbDocumentRepository;
import io.metadatamanager.dynamodb.DynamoDbIdempotencyStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import org.crac.Core;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda function: API Gateway proxy events in (REST payload 1.0 and HTTP payload 2.0), responses out.
 * Everything expensive (client, mapper, schema) is built once, at init; the runtime constructor also registers
 * the {@link Priming} that SnapStart runs before it takes its snapshot.
 *
 * <p>Handler string: {@code io.metadatamanager.lambda.MetadataHandler::handleRequest}.
 */
public final class MetadataHandler implements RequestStreamHandler {
    private final Api api;
    private final ApiGatewayEvents events;
    private final Json json;
    private final RequestLog log;
    private final CursorKeyCache cursorKey;
    /** Held here: the CRaC context keeps only a weak reference to its resources. */
    private final Priming priming;

    /** The runtime constructor: configuration from the environment, priming registered with CRaC. */
    public MetadataHandler() {
        this(HandlerConfig.fromEnvironment(System.getenv()));
        Core.getGlobalContext().register(priming);
    }

    /** Builds the DynamoDB client that {@code config} describes. */
    public MetadataHandler(HandlerConfig config) {
        this(config, DynamoDbClients.create(config.endpoint(), Region.of(config.region()),
                config.localCredentials() ? CredentialsSource.LOCAL : CredentialsSource.ENVIRONMENT));
    }

    /** Uses the given client, for tests, benchmarks and embedding. */
    public MetadataHandler(HandlerConfig config, DynamoDbClient client) {
        this(wire(config, client, new Json()), config.primeAtInit());
    }

    /** Runs the given API, for tests with in-memory repositories. */
    public MetadataHandler(Api api, Json json) {
        this(new Wiring(api, json, CursorKeyCache.none()), false);
    }

    private MetadataHandler(Wiring wiring, boolean primeAtInit) {
        this.api = Objects.requireNonNull(wiring.api(), "api");
        this.json = Objects.requireNonNull(wiring.json(), "json");
        this.cursorKey = wiring.cursorKey();
        this.events = new ApiGatewayEvents(json);
        this.log = new RequestLog(json, System.out);
        this.priming = new Priming(this::prime);
        if (primeAtInit) {
            prime();
        }
    }

    private record Wiring(Api api, Json json, CursorKeyCache cursorKey) {}

    private static Wiring wire(HandlerConfig config, DynamoDbClient client, Json json) {
        DynamoDbDocumentRepository repository = new DynamoDbDocumentRepository(client, config.tableName(), json);
        CursorKeyCache key = config.cursorKey().isPresent() ? CursorKeyCache.of(config.cursorKey().get())
                : CursorKeyCache.of(new DynamoDbCursorKey(client, config.tableName()));
        Clock clock = Clock.systemUTC();
        Documents documents = new Documents(repository, new CursorCodec(key), clock);
        IdempotentCreates idempotent = new IdempotentCreates(documents, repository,
                new DynamoDbIdempotencyStore(client, config.tableName()), clock, config.idempotencyExpiry());
        return new Wiring(new Api(documents, idempotent, json, config.maxBodyBytes(), config.allowedClientIds(),
                config.acceptIdTokens(), new TenantRateLimiter(config.tenantRate(), config.tenantBurst())), json, key);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        Handled handled = handle(input, context != null ? context.getAwsRequestId() : "");
        output.write(handled.body());
        log.request(handled.requestId(), handled.method(), handled.exchange().route(),
                handled.exchange().response().status(), (System.nanoTime() - start) / 1e6,
                handled.exchange().serverFailure());
    }

    private record Handled(String requestId, String method, Api.Exchange exchange, byte[] body) {}

    private Handled handle(InputStream input, String contextRequestId) throws IOException {
        String requestId = contextRequestId;
        ApiGatewayEvents.PayloadVersion version = ApiGatewayEvents.PayloadVersion.V1;
        String method = "";
        Api.Exchange exchange;
        try {
            ApiGatewayEvents.Event event = events.read(input);
            version = event.version();
            method = event.request().method();
            if (!event.request().requestId().isEmpty()) {
                requestId = event.request().requestId();
            }
            exchange = api.handle(event.request());
        } catch (IOException | IllegalArgumentException e) {
            exchange = new Api.Exchange("unmatched", api.failure(new HttpProblemException(
                    ProblemType.INVALID_REQUEST, "the event is not an API Gateway proxy event"), "", requestId), null);
        }
        return new Handled(requestId, method, exchange, events.write(version, exchange.response()));
    }

    /**
     * Runs the priming events through the whole request path (nothing is logged, nothing is written) and
     * loads the list-cursor key if the table has one. Best effort: a failure leaves the path cold, not broken.
     */
    void prime() {
        for (byte[] event : Priming.events()) {
            try {
                handle(new ByteArrayInputStream(event), "priming");
            } catch (IOException | RuntimeException e) {
                // the engine may be unreachable while priming; the first real request will tell
            }
        }
        Priming.warmCursorCodec();
        try {
            cursorKey.preload();
        } catch (RuntimeException e) {
            // loaded on first use instead
        }
    }

    /** Whether the list-cursor key is in memory (priming loads it when the table has one). */
    boolean cursorKeyLoaded() {
        return cursorKey.loaded();
    }
}
