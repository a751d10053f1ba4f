package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FunctionTemplateTest {
    private final Synthesized synth = Synthesized.defaults();
    private final JsonNode api = synth.resource("AWS::Lambda::Function", "ApiFunction").path("Properties");
    private final JsonNode repair = synth.resource("AWS::Lambda::Function", "Repair").path("Properties");

    @Test
    void apiFunction_runsTheApiHandlerOnJava21Arm() {
        assertThat(api.path("Handler").asText()).isEqualTo("io.metadatamanager.lambda.MetadataHandler::handleRequest");
        assertThat(api.path("Runtime").asText()).isEqualTo("java21");
        assertThat(api.path("Architectures")).containsExactly(Synthesized.parse("\"arm64\""));
    }

    @Test
    void apiFunction_has1024MbAnd10Seconds() {
        assertThat(api.path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(api.path("Timeout").asInt()).isEqualTo(10);
    }

    @Test
    void apiFunction_snapshotsPublishedVersions() {
        assertThat(api.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
    }

    @Test
    void liveAlias_pointsAtThePublishedVersionOfTheApiFunction() {
        String functionId = synth.logicalId("AWS::Lambda::Function", "ApiFunction");
        String versionId = synth.logicalId("AWS::Lambda::Version", "ApiFunctionCurrentVersion");
        JsonNode version = synth.resource("AWS::Lambda::Version", "ApiFunctionCurrentVersion").path("Properties");
        assertThat(version.path("FunctionName")).isEqualTo(Synthesized.ref(functionId));

        JsonNode alias = synth.only("AWS::Lambda::Alias").path("Properties");
        assertThat(alias.path("Name").asText()).isEqualTo("live");
        assertThat(alias.path("FunctionName")).isEqualTo(Synthesized.ref(functionId));
        assertThat(alias.path("FunctionVersion")).isEqualTo(Synthesized.getAtt(versionId, "Version"));
    }

    @Test
    void bothFunctions_traceWithXRayAndLogJsonToTheirOwnLogGroup() {
        for (JsonNode function : new JsonNode[] {api, repair}) {
            assertThat(function.path("TracingConfig").path("Mode").asText()).isEqualTo("Active");
            assertThat(function.path("LoggingConfig").path("LogFormat").asText()).isEqualTo("JSON");
            assertThat(function.path("LoggingConfig").path("LogGroup").has("Ref")).isTrue();
        }
        assertThat(api.path("LoggingConfig").path("LogGroup"))
                .isNotEqualTo(repair.path("LoggingConfig").path("LogGroup"));
    }

    @Test
    void functionLogGroups_keepLogsFor30DaysByDefault() {
        String apiLogs = api.path("LoggingConfig").path("LogGroup").path("Ref").asText();
        String repairLogs = repair.path("LoggingConfig").path("LogGroup").path("Ref").asText();
        for (String logs : new String[] {apiLogs, repairLogs}) {
            JsonNode group = synth.json.path("Resources").path(logs);
            assertThat(group.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(group.path("Properties").path("RetentionInDays").asInt()).isEqualTo(30);
            assertThat(group.path("Properties").has("LogGroupName")).isFalse();
        }
    }

    @Test
    void apiFunction_environmentNamesTheTableTheTrustedClientAndTunesTheJvm_andNothingElse() {
        String tableId = synth.logicalId("AWS::DynamoDB::GlobalTable", "Data");
        String clientId = synth.logicalId("AWS::Cognito::UserPoolClient", "Http");
        JsonNode environment = api.path("Environment").path("Variables");
        assertThat(environment.path("TABLE_NAME")).isEqualTo(Synthesized.ref(tableId));
        assertThat(environment.path("ALLOWED_CLIENT_IDS")).isEqualTo(Synthesized.ref(clientId));
        assertThat(environment.path("ACCEPT_ID_TOKENS").asText()).isEqualTo("true");
        assertThat(environment.path("JAVA_TOOL_OPTIONS").asText())
                .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        assertThat(environment.fieldNames()).toIterable()
                .as("CURSOR_SECRET stays unset (the key lives in the table); MAX_BODY_BYTES only from context")
                .containsExactlyInAnyOrder("TABLE_NAME", "JAVA_TOOL_OPTIONS", "ACCEPT_ID_TOKENS", "ALLOWED_CLIENT_IDS");
    }

    @Test
    void repairFunction_runsTheRepairHandler_withoutSnapStart() {
        assertThat(repair.path("Handler").asText()).isEqualTo("io.metadatamanager.lambda.RepairHandler::handleRequest");
        assertThat(repair.path("Runtime").asText()).isEqualTo("java21");
        assertThat(repair.path("Architectures")).containsExactly(Synthesized.parse("\"arm64\""));
        assertThat(repair.has("SnapStart")).isFalse();
        assertThat(repair.path("Timeout").asInt()).isEqualTo(300);
        assertThat(repair.path("Environment").path("Variables").path("TABLE_NAME"))
                .isEqualTo(api.path("Environment").path("Variables").path("TABLE_NAME"));
    }

    @Test
    void repairSchedule_invokesTheRepairFunctionHourly_withoutRetries() {
        String repairId = synth.logicalId("AWS::Lambda::Function", "Repair");
        JsonNode rule = synth.only("AWS::Events::Rule").path("Properties");
        assertThat(rule.path("ScheduleExpression").asText()).isEqualTo("rate(1 hour)");
        assertThat(rule.path("Targets")).hasSize(1);
        assertThat(rule.path("Targets").get(0).path("Arn")).isEqualTo(Synthesized.getAtt(repairId, "Arn"));
        assertThat(rule.path("Targets").get(0).path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isZero();
    }

    @Test
    void functions_haveNoFixedNames() {
        assertThat(api.has("FunctionName")).isFalse();
        assertThat(repair.has("FunctionName")).isFalse();
    }
}
