package io.metadatamanager.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IdempotentCreates;
import io.metadatamanager.core.JsonSupport;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.DynamoDbCursorKey;
import io.metadatamanager.dynamodb.DynamoDbDocumentRepository;
import io.metadatamanager.dynamodb.DynamoDbIdempotencyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda function: API Gateway proxy events in (REST payload 1.0 and HTTP payload 2.0), responses out.
 * Everything expensive (client, mapper, schema) is built once, at init.
 *
 * <p>Handler string: {@code io.metadatamanager.lambda.MetadataHandler::handleRequest}.
 */
public final class MetadataHandler implements RequestStreamHandler {
    private final Api api;
    private final ApiGatewayEvents events;
    private final ObjectMapper json;
    private final RequestLog log;

    /** The runtime constructor: configuration from the environment. */
    public MetadataHandler() {
        this(HandlerConfig.fromEnvironment(System.getenv()));
    }

    /** Builds the DynamoDB client that {@code config} describes. */
    public MetadataHandler(HandlerConfig config) {
        this(config, DynamoDbClients.create(config.endpoint(), Region.of(config.region()),
                config.localCredentials() ? CredentialsSource.LOCAL : CredentialsSource.ENVIRONMENT));
    }

    /** Uses the given client, for tests and embedding. */
    public MetadataHandler(HandlerConfig config, DynamoDbClient client) {
        this(wire(config, client, JsonSupport.newMapper()));
    }

    private MetadataHandler(Wiring wiring) {
        this(wiring.api(), wiring.json());
    }

    /** Runs the given API, for tests with in-memory repositories. */
    public MetadataHandler(Api api, ObjectMapper json) {
        this.api = Objects.requireNonNull(api, "api");
        this.json = Objects.requireNonNull(json, "json");
        this.events = new ApiGatewayEvents(json);
        this.log = new RequestLog(json, System.out);
    }

    private record Wiring(Api api, ObjectMapper json) {}

    private static Wiring wire(HandlerConfig config, DynamoDbClient client, ObjectMapper json) {
        DynamoDbDocumentRepository repository = new DynamoDbDocumentRepository(client, config.tableName(), json);
        Supplier<byte[]> key = config.cursorKey().<Supplier<byte[]>>map(k -> () -> k)
                .orElseGet(() -> new DynamoDbCursorKey(client, config.tableName()));
        Clock clock = Clock.systemUTC();
        Documents documents = new Documents(repository, new CursorCodec(key), clock);
        IdempotentCreates idempotent = new IdempotentCreates(documents, repository,
                new DynamoDbIdempotencyStore(client, config.tableName()), clock, config.idempotencyExpiry());
        return new Wiring(new Api(documents, idempotent, json, config.maxBodyBytes(), config.allowedClientIds(),
                config.acceptIdTokens(), new TenantRateLimiter(config.tenantRate(), config.tenantBurst())), json);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        String requestId = context != null ? context.getAwsRequestId() : "";
        ApiGatewayEvents.PayloadVersion version = ApiGatewayEvents.PayloadVersion.V1;
        String method = "";
        Api.Exchange exchange;
        try {
            JsonNode node = json.readTree(input);
            ApiGatewayEvents.Event event = events.read(node);
            version = event.version();
            method = event.request().method();
            if (!event.request().requestId().isEmpty()) {
                requestId = event.request().requestId();
            }
            exchange = api.handle(event.request());
        } catch (IOException | IllegalArgumentException e) {
            exchange = new Api.Exchange("unmatched", api.failure(
                    new HttpProblemException(ProblemType.INVALID_REQUEST, "the event is not an API Gateway proxy event"),
                    "", requestId), null);
        }
        output.write(events.write(version, exchange.response()));
        log.request(requestId, method, exchange.route(), exchange.response().status(),
                (System.nanoTime() - start) / 1e6, exchange.serverFailure());
    }
}
