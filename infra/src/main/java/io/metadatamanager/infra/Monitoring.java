package io.metadatamanager.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.OperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.Operation;
import software.amazon.awscdk.services.dynamodb.SystemErrorsForOperationsMetricOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms to an SNS topic, and a dashboard with the same metrics. Thresholds are starting points for an
 * I/O-bound API at modest traffic; tune them with real traffic.
 */
final class Monitoring extends Construct {
    static final Duration PERIOD = Duration.minutes(5);
    /** The operations the functions call; an alarm's metric math takes at most 10 metrics. */
    static final List<Operation> TABLE_OPERATIONS = List.of(Operation.GET_ITEM, Operation.PUT_ITEM,
            Operation.QUERY, Operation.BATCH_WRITE_ITEM, Operation.DELETE_ITEM, Operation.SCAN);
    /** 80% of the default regional concurrency quota (1000). */
    static final int CONCURRENCY_THRESHOLD = 800;

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    Monitoring(Construct scope, String id, InfraSettings settings, Function apiFunction, Stage stage,
            ITableV2 table, Function repairFunction) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("Metadata Manager alarms")
                .enforceSsl(true)
                .build();
        settings.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));

        IMetric errors = apiFunction.metricErrors(options("Sum"));
        IMetric throttles = apiFunction.metricThrottles(options("Sum"));
        IMetric durationP99 = apiFunction.metricDuration(options("p99"));
        IMetric concurrency = apiFunction.metric("ConcurrentExecutions", options("Maximum"));
        IMetric serverErrorRate = stage.metricServerError(options("Average"));
        IMetric clientErrorRate = stage.metricClientError(options("Average"));
        IMetric latencyP99 = stage.metricLatency(options("p99"));
        IMetric tableThrottles = table.metricThrottledRequestsForOperations(OperationsMetricOptions.builder()
                .operations(TABLE_OPERATIONS).statistic("Sum").period(PERIOD).build());
        IMetric tableSystemErrors = table.metricSystemErrorsForOperations(
                SystemErrorsForOperationsMetricOptions.builder()
                        .operations(TABLE_OPERATIONS).statistic("Sum").period(PERIOD).build());
        IMetric repairErrors = repairFunction.metricErrors(options("Sum"));

        alarm("ApiFunctionErrors", "The API function failed (unhandled error, timeout or crash)",
                errors, 1, 1, 1);
        alarm("ApiFunctionThrottles", "The API function was throttled: concurrency is exhausted",
                throttles, 1, 1, 1);
        alarm("ApiFunctionDurationP99", "API function p99 duration is at half its timeout or more",
                durationP99, ApiFunction.TIMEOUT.toMilliseconds().doubleValue() / 2, 3, 3);
        alarm("ApiFunctionConcurrency", "API function concurrency nears the regional quota",
                concurrency, CONCURRENCY_THRESHOLD, 2, 2);
        alarm("ApiServerErrorRate", "More than 1% of API requests end in a 5xx",
                serverErrorRate, 0.01, 3, 2);
        alarm("ApiClientErrorRate", "More than 25% of API requests end in a 4xx: a broken client or an attack",
                clientErrorRate, 0.25, 3, 3);
        alarm("ApiLatencyP99", "API p99 latency is 3 seconds or more",
                latencyP99, 3000, 3, 3);
        alarm("TableThrottles", "DynamoDB throttled requests to the table",
                tableThrottles, 1, 1, 1);
        alarm("TableSystemErrors", "DynamoDB answered requests to the table with server errors",
                tableSystemErrors, 1, 1, 1);
        alarm("RepairFunctionErrors", "The repair sweep failed",
                repairErrors, 1, 1, 1);

        List<IWidget> row1 = List.of(
                graph("API requests and errors", List.of(stage.metricCount(options("Sum"))),
                        List.of(stage.metricClientError(options("Sum")), stage.metricServerError(options("Sum")))),
                graph("API latency", List.of(latencyP99, stage.metricLatency(options("p50")),
                        stage.metricIntegrationLatency(options("p99"))), List.of()),
                graph("API error rates", List.of(serverErrorRate, clientErrorRate), List.of()));
        List<IWidget> row2 = List.of(
                graph("API function invocations, errors, throttles",
                        List.of(apiFunction.metricInvocations(options("Sum")), errors, throttles), List.of()),
                graph("API function duration", List.of(durationP99, apiFunction.metricDuration(options("p50"))),
                        List.of()),
                graph("API function concurrency", List.of(concurrency), List.of()));
        List<IWidget> row3 = List.of(
                // one expression per graph: both name their per-operation metrics alike
                graph("Table throttled requests", List.of(tableThrottles), List.of()),
                graph("Table system errors", List.of(tableSystemErrors), List.of()),
                graph("Table capacity used", List.of(table.metricConsumedReadCapacityUnits(options("Sum")),
                        table.metricConsumedWriteCapacityUnits(options("Sum"))), List.of()));
        List<IWidget> row4 = List.of(
                graph("Repair sweep", List.of(repairFunction.metricInvocations(options("Sum")), repairErrors),
                        List.of(repairFunction.metricDuration(options("Maximum")))));
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .widgets(List.of(
                        List.of(AlarmStatusWidget.Builder.create()
                                .title("Alarms")
                                .alarms(List.copyOf(alarms))
                                .width(24)
                                .build()),
                        row1, row2, row3, row4))
                .build();
    }

    Topic topic() {
        return topic;
    }

    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int evaluationPeriods,
            int datapointsToAlarm) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(evaluationPeriods)
                .datapointsToAlarm(datapointsToAlarm)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        alarms.add(alarm);
    }

    private static MetricOptions options(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right) {
        return GraphWidget.Builder.create().title(title).left(left).right(right).width(8).height(6).build();
    }
}
