package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.dynamodb.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

/**
 * {@code -c tableName=...}: the stack uses a table restored from point-in-time recovery or AWS Backup, by name,
 * instead of creating one. One synth, shared by the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExistingTableTemplateTest {
    static final String TABLE = "metadata-restored";
    static final String TABLE_ARN = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/" + TABLE;
    static final String INDEX_ARN = TABLE_ARN + "/index/" + TableLayout.GSI1;

    private Synthesized synth;

    @BeforeAll
    void synthesize() {
        synth = Synthesized.withContext(Map.of("tableName", TABLE));
    }

    @Test
    void noTable_isCreated() {
        assertThat(synth.resources("AWS::DynamoDB::GlobalTable")).isEmpty();
        assertThat(synth.resources("AWS::DynamoDB::Table")).isEmpty();
        assertThat(synth.resources("AWS::KMS::Key")).isEmpty();
    }

    @ParameterizedTest(name = "{0} reads and writes the existing table")
    @ValueSource(strings = {"ApiFunction", "Repair"})
    void function_getsTheExistingTableName(String function) {
        JsonNode environment = synth.resource("AWS::Lambda::Function", function)
                .path("Properties").path("Environment").path("Variables");
        assertThat(environment.path("TABLE_NAME").asText()).isEqualTo(TABLE);
    }

    @Test
    void apiFunction_mayReadWriteAndDescribeExactlyTheExistingTable_andQueryItsIndex() {
        assertThat(grants("ApiFunctionServiceRole")).containsExactlyInAnyOrder(
                "dynamodb:BatchWriteItem on " + TABLE_ARN,
                "dynamodb:DeleteItem on " + TABLE_ARN,
                "dynamodb:DescribeTable on " + TABLE_ARN,
                "dynamodb:GetItem on " + TABLE_ARN,
                "dynamodb:PutItem on " + TABLE_ARN,
                "dynamodb:Query on " + TABLE_ARN,
                "dynamodb:Query on " + INDEX_ARN);
    }

    @Test
    void repairFunction_mayScanGetQueryAndPutExactlyTheExistingTable_andQueryItsIndex() {
        assertThat(grants("RepairFunctionServiceRole")).containsExactlyInAnyOrder(
                "dynamodb:GetItem on " + TABLE_ARN,
                "dynamodb:PutItem on " + TABLE_ARN,
                "dynamodb:Query on " + TABLE_ARN,
                "dynamodb:Scan on " + TABLE_ARN,
                "dynamodb:Query on " + INDEX_ARN);
    }

    @Test
    void noKeyGrant_isNeeded() {
        for (JsonNode policy : synth.resources("AWS::IAM::Policy").values()) {
            assertThat(policy.toString()).doesNotContain("kms:");
        }
    }

    @Test
    void backupSelection_isTheExistingTable() {
        JsonNode selection = synth.only("AWS::Backup::BackupSelection").path("Properties").path("BackupSelection");
        assertThat(selection.path("Resources")).hasSize(1);
        assertThat(arn(selection.path("Resources").get(0))).isEqualTo(TABLE_ARN);
    }

    @ParameterizedTest(name = "{0} watches the existing table")
    @ValueSource(strings = {"TableThrottles", "TableSystemErrors"})
    void tableAlarm_watchesTheExistingTable(String alarm) {
        JsonNode properties = synth.resource("AWS::CloudWatch::Alarm", "Monitoring" + alarm).path("Properties");
        List<String> tables = new ArrayList<>();
        for (JsonNode query : properties.path("Metrics")) {
            for (JsonNode d : query.path("MetricStat").path("Metric").path("Dimensions")) {
                if (d.path("Name").asText().equals("TableName")) {
                    tables.add(d.path("Value").asText());
                }
            }
        }
        assertThat(tables).hasSize(Monitoring.TABLE_OPERATIONS.size()).containsOnly(TABLE);
    }

    @Test
    void dashboard_graphsTheExistingTable() {
        String body = synth.only("AWS::CloudWatch::Dashboard").path("Properties").path("DashboardBody").toString();
        assertThat(body).contains("\\\"TableName\\\",\\\"" + TABLE + "\\\"");
    }

    @Test
    void tableNameOutput_isTheExistingTable() {
        assertThat(synth.json.path("Outputs").path("TableName").path("Value").asText()).isEqualTo(TABLE);
    }

    @Test
    void synthesis_warnsWithTheCommandsThatSwitchOnRecoveryAndTtl() {
        synth.annotations().hasWarning("/MetadataManager/Data", Match.stringLikeRegexp(
                ".*aws dynamodb update-continuous-backups --table-name " + TABLE
                        + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true.*"));
        synth.annotations().hasWarning("/MetadataManager/Data", Match.stringLikeRegexp(
                ".*aws dynamodb update-time-to-live --table-name " + TABLE
                        + " --time-to-live-specification Enabled=true,AttributeName=" + TableLayout.EXPIRES_AT + ".*"));
        synth.annotations().hasNoError("*", Match.anyValue());
    }

    /** "action on arn" for every DynamoDB grant in the policy of the role under {@code prefix}. */
    private Set<String> grants(String prefix) {
        JsonNode policy = synth.resource("AWS::IAM::Policy", prefix + "DefaultPolicy");
        Set<String> grants = new TreeSet<>();
        for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
            List<String> actions = new ArrayList<>();
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
            if (actions.stream().noneMatch(a -> a.startsWith("dynamodb:"))) {
                continue;
            }
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            JsonNode resources = statement.path("Resource");
            List<JsonNode> each = new ArrayList<>();
            if (resources.isArray()) {
                resources.forEach(each::add);
            } else {
                each.add(resources);
            }
            for (JsonNode resource : each) {
                String arn = arn(resource);
                assertThat(arn).as(statement.toString()).doesNotContain("*");
                actions.forEach(a -> grants.add(a + " on " + arn));
            }
        }
        return grants;
    }

    /** A literal, a {@code Ref} or an {@code Fn::Join} of them, written as {@code Fn::Sub} would write it. */
    private static String arn(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return "${" + value.path("Ref").asText() + "}";
        }
        JsonNode join = value.path("Fn::Join");
        assertThat(join.isArray()).as("a literal, Ref or Fn::Join: %s", value).isTrue();
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : join.get(1)) {
            if (!joined.isEmpty()) {
                joined.append(join.get(0).asText());
            }
            joined.append(arn(part));
        }
        return joined.toString();
    }
}
