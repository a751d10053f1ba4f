package io.metadatamanager.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.Maintenance;
import io.metadatamanager.dynamodb.DynamoDbClients.CredentialsSource;
import io.metadatamanager.dynamodb.DynamoDbClients;
import io.metadatamanager.dynamodb.DynamoDbDocumentRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scheduled maintenance function (an EventBridge schedule invokes it; the event is ignored): repairs
 * heads, reports orphans, applies retention. Writes its report as the result and as one JSON log line, and
 * fails the invocation when documents could not be processed, so that the error alarm sees it.
 *
 * <p>Handler string: {@code io.metadatamanager.lambda.RepairHandler::handleRequest}.
 */
public final class RepairHandler implements RequestStreamHandler {
    private final Maintenance maintenance;
    private final Maintenance.Retention retention;
    private final Json json = new Json();

    public RepairHandler() {
        this(HandlerConfig.fromEnvironment(System.getenv()));
    }

    public RepairHandler(HandlerConfig config) {
        this(config, DynamoDbClients.create(config.endpoint(), Region.of(config.region()),
                config.localCredentials() ? CredentialsSource.LOCAL : CredentialsSource.ENVIRONMENT));
    }

    public RepairHandler(HandlerConfig config, DynamoDbClient client) {
        this.maintenance = new Maintenance(
                new DynamoDbDocumentRepository(client, config.tableName(), json), Clock.systemUTC());
        this.retention = config.retention();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Maintenance.Report report = maintenance.run(retention);
        ObjectNode out = reportJson(json, report);
        ObjectNode line = out.deepCopy();
        line.put("level", report.failures() > 0 ? "ERROR" : "INFO");
        line.put("message", "maintenance");
        System.out.println(json.writeValueAsString(line));
        output.write(json.writeValueAsBytes(out));
        if (report.failures() > 0) {
            throw new IllegalStateException(report.failures() + " documents could not be processed");
        }
    }

    /** The report as JSON, as the command line prints it too. */
    public static ObjectNode reportJson(Json json, Maintenance.Report report) {
        ObjectNode out = json.createObjectNode();
        out.put("documents", report.documents());
        out.put("repaired", report.repaired());
        out.put("orphans", report.orphans());
        report.orphanSamples().forEach(out.withArray("orphanSamples")::add);
        out.put("pruned", report.pruned());
        out.put("failures", report.failures());
        return out;
    }
}
