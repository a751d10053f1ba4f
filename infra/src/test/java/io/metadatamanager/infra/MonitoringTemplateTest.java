package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MonitoringTemplateTest {
    private final Synthesized synth = Synthesized.defaults();

    @ParameterizedTest(name = "{0}: {2} {3} >= {4}")
    @CsvSource({
        // alarm,                 namespace,       metric,               statistic, threshold, periods, datapoints
        "ApiFunctionErrors,       AWS/Lambda,      Errors,               Sum,       1,         1, 1",
        "ApiFunctionThrottles,    AWS/Lambda,      Throttles,            Sum,       1,         1, 1",
        "ApiFunctionDurationP99,  AWS/Lambda,      Duration,             p99,       5000,      3, 3",
        "ApiFunctionConcurrency,  AWS/Lambda,      ConcurrentExecutions, Maximum,   800,       2, 2",
        "ApiServerErrorRate,      AWS/ApiGateway,  5XXError,             Average,   0.01,      3, 2",
        "ApiClientErrorRate,      AWS/ApiGateway,  4XXError,             Average,   0.25,      3, 3",
        "ApiLatencyP99,           AWS/ApiGateway,  Latency,              p99,       3000,      3, 3",
        "RepairFunctionErrors,    AWS/Lambda,      Errors,               Sum,       1,         1, 1",
    })
    void metricAlarm_watchesItsMetricAtItsThreshold(String alarm, String namespace, String metric, String statistic,
            double threshold, int periods, int datapoints) {
        JsonNode properties = synth.resource("AWS::CloudWatch::Alarm", "Monitoring" + alarm).path("Properties");
        assertThat(properties.path("Namespace").asText()).isEqualTo(namespace);
        assertThat(properties.path("MetricName").asText()).isEqualTo(metric);
        String stat = properties.has("ExtendedStatistic")
                ? properties.path("ExtendedStatistic").asText() : properties.path("Statistic").asText();
        assertThat(stat).isEqualTo(statistic);
        assertThat(properties.path("Period").asInt()).isEqualTo(300);
        assertThat(properties.path("Threshold").asDouble()).isEqualTo(threshold);
        assertThat(properties.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(properties.path("EvaluationPeriods").asInt()).isEqualTo(periods);
        assertThat(properties.path("DatapointsToAlarm").asInt()).isEqualTo(datapoints);
    }

    @Test
    void functionAlarms_watchTheirOwnFunction() {
        String apiFunction = synth.logicalId("AWS::Lambda::Function", "ApiFunction");
        String repairFunction = synth.logicalId("AWS::Lambda::Function", "Repair");
        for (String alarm : List.of("ApiFunctionErrors", "ApiFunctionThrottles", "ApiFunctionDurationP99",
                "ApiFunctionConcurrency")) {
            assertThat(dimension(alarm, "FunctionName")).as(alarm).isEqualTo(Synthesized.ref(apiFunction));
        }
        assertThat(dimension("RepairFunctionErrors", "FunctionName")).isEqualTo(Synthesized.ref(repairFunction));
    }

    @Test
    void apiAlarms_watchTheStage() {
        String stageId = synth.logicalId("AWS::ApiGateway::Stage", "HttpApiDeploymentStage");
        for (String alarm : List.of("ApiServerErrorRate", "ApiClientErrorRate", "ApiLatencyP99")) {
            assertThat(dimension(alarm, "Stage")).as(alarm).isEqualTo(Synthesized.ref(stageId));
            assertThat(dimension(alarm, "ApiName").asText()).as(alarm).isEqualTo("MetadataManager-api");
        }
    }

    @ParameterizedTest(name = "{0} sums {1} over the operations the functions call")
    @CsvSource({"TableThrottles, ThrottledRequests", "TableSystemErrors, SystemErrors"})
    void tableAlarm_sumsItsMetricOverEveryOperationUsed(String alarm, String metric) {
        String tableId = synth.logicalId("AWS::DynamoDB::GlobalTable", "Data");
        JsonNode properties = synth.resource("AWS::CloudWatch::Alarm", "Monitoring" + alarm).path("Properties");
        assertThat(properties.path("Threshold").asDouble()).isEqualTo(1);
        assertThat(properties.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        List<String> operations = new ArrayList<>();
        for (JsonNode query : properties.path("Metrics")) {
            if (query.has("Expression")) {
                assertThat(query.path("ReturnData").asBoolean()).isTrue();
                continue;
            }
            JsonNode stat = query.path("MetricStat");
            assertThat(stat.path("Metric").path("Namespace").asText()).isEqualTo("AWS/DynamoDB");
            assertThat(stat.path("Metric").path("MetricName").asText()).isEqualTo(metric);
            assertThat(stat.path("Stat").asText()).isEqualTo("Sum");
            assertThat(stat.path("Period").asInt()).isEqualTo(300);
            for (JsonNode d : stat.path("Metric").path("Dimensions")) {
                if (d.path("Name").asText().equals("TableName")) {
                    assertThat(d.path("Value")).isEqualTo(Synthesized.ref(tableId));
                } else {
                    operations.add(d.path("Value").asText());
                }
            }
        }
        assertThat(operations)
                .containsExactlyInAnyOrder("GetItem", "PutItem", "Query", "BatchWriteItem", "DeleteItem", "Scan");
    }

    @Test
    void everyAlarm_notifiesTheTopicOnAlarmAndOk_andIgnoresMissingData() {
        String topicId = synth.logicalId("AWS::SNS::Topic", "MonitoringAlarmTopic");
        assertThat(synth.resources("AWS::CloudWatch::Alarm")).hasSize(10);
        for (JsonNode alarm : synth.resources("AWS::CloudWatch::Alarm").values()) {
            JsonNode properties = alarm.path("Properties");
            assertThat(properties.path("AlarmActions")).containsExactly(Synthesized.ref(topicId));
            assertThat(properties.path("OKActions")).containsExactly(Synthesized.ref(topicId));
            assertThat(properties.path("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(properties.has("AlarmName")).isFalse();
        }
    }

    @Test
    void dashboard_showsTheAlarmedMetrics() {
        String body = synth.only("AWS::CloudWatch::Dashboard").path("Properties").path("DashboardBody").toString();
        assertThat(body).contains("Errors", "Throttles", "Duration", "ConcurrentExecutions", "5XXError", "4XXError",
                "Latency", "ThrottledRequests", "SystemErrors", "alarms");
    }

    private JsonNode dimension(String alarm, String name) {
        JsonNode properties = synth.resource("AWS::CloudWatch::Alarm", "Monitoring" + alarm).path("Properties");
        for (JsonNode d : properties.path("Dimensions")) {
            if (d.path("Name").asText().equals(name)) {
                return d.path("Value");
            }
        }
        throw new AssertionError(alarm + " has no dimension " + name);
    }
}
