package io.metadatamanager.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The scheduled repair sweep: scans the table and rewrites what needs repair. Runs do not overlap: the
 * timeout is no longer than the shortest allowed rate ({@link InfraSettings#MIN_REPAIR_RATE_MINUTES}). A failed
 * run is not retried; the next scheduled run covers it. (No reserved concurrency: new accounts have too
 * little concurrency to reserve any.)
 */
final class RepairJob extends Construct {
    static final String HANDLER = "io.metadatamanager.lambda.RepairHandler::handleRequest";
    static final int MEMORY_MB = 1024;
    static final Duration TIMEOUT = Duration.minutes(InfraSettings.MIN_REPAIR_RATE_MINUTES);
    static final List<String> TABLE_ACTIONS = List.of("Scan", "GetItem", "Query", "PutItem");
    static final List<String> INDEX_ACTIONS = List.of("Query");

    private final Function function;
    private final Rule schedule;

    RepairJob(Construct scope, String id, InfraSettings settings, MetadataTable table) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(LogRetention.of(settings.logRetentionDays()).orElseThrow())
                .build();
        this.function = FunctionDefaults.java(this, "Function", settings, logs)
                .description("Metadata Manager scheduled repair sweep")
                .handler(HANDLER)
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .environment(FunctionDefaults.environment(table))
                .retryAttempts(0)
                .build();
        table.grant(function, TABLE_ACTIONS, INDEX_ACTIONS);
        this.schedule = Rule.Builder.create(this, "Schedule")
                .description("Runs the Metadata Manager repair sweep")
                .schedule(Schedule.rate(Duration.minutes(settings.repairRateMinutes())))
                .targets(List.of(LambdaFunction.Builder.create(function).retryAttempts(0).build()))
                .build();
    }

    Function function() {
        return function;
    }

    Rule schedule() {
        return schedule;
    }
}
