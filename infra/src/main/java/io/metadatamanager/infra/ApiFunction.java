package io.metadatamanager.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The API's function, published as a version with SnapStart and served through the alias {@code live}.
 *
 * <p>1024 MB: Lambda gives CPU in proportion to memory, and 1024 MB buys enough of it for init and JSON work
 * while the function mostly waits on DynamoDB (I/O bound, a few MB of heap). 10 s: far above the expected
 * latency, far below API Gateway's 29 s integration timeout, so a stuck call fails as a 5xx the alarms see.
 * Both are starting points, to be revisited with measurements (duration percentiles, Lambda Power Tuning).
 */
final class ApiFunction extends Construct {
    static final String HANDLER = "io.metadatamanager.lambda.MetadataHandler::handleRequest";
    static final String ALIAS = "live";
    static final int MEMORY_MB = 1024;
    static final Duration TIMEOUT = Duration.seconds(10);

    /** What the data layer calls: conditional puts, reads, index queries, batch writes, deletes. */
    static final List<String> TABLE_ACTIONS =
            List.of("GetItem", "PutItem", "Query", "BatchWriteItem", "DeleteItem", "DescribeTable");
    static final List<String> INDEX_ACTIONS = List.of("Query");

    private final Function function;
    private final Alias alias;

    ApiFunction(Construct scope, String id, InfraSettings settings, MetadataTable table) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(LogRetention.of(settings.logRetentionDays()).orElseThrow())
                .build();
        Map<String, String> environment = new LinkedHashMap<>(FunctionDefaults.environment(table));
        settings.maxBodyBytes().ifPresent(max -> environment.put("MAX_BODY_BYTES", Integer.toString(max)));
        this.function = FunctionDefaults.java(this, "Function", settings, logs)
                .description("Metadata Manager API")
                .handler(HANDLER)
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .environment(environment)
                // Init (clients, mappers, key material) is snapshotted once per published version.
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        // CDK warns about SnapStart on every function; this one is published, through currentVersion below.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "published as currentVersion behind the alias " + ALIAS);
        table.grant(function, TABLE_ACTIONS, INDEX_ACTIONS);
        this.alias = Alias.Builder.create(this, "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .description("The version API Gateway invokes")
                .build();
    }

    Function function() {
        return function;
    }

    /** What API Gateway invokes. */
    IFunction alias() {
        return alias;
    }
}
