package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IamTemplateTest {
    private final Synthesized synth = Synthesized.defaults();

    @Test
    void dynamoDbStatements_nameEveryActionExactly() {
        for (JsonNode statement : dynamoDbStatements()) {
            for (String action : actions(statement)) {
                assertThat(action).as(statement.toString()).doesNotContain("*");
            }
        }
    }

    @Test
    void dynamoDbStatements_neverGrantOnEveryResource() {
        for (JsonNode statement : dynamoDbStatements()) {
            JsonNode resources = statement.path("Resource");
            List<JsonNode> each = new ArrayList<>();
            if (resources.isArray()) {
                resources.forEach(each::add);
            } else {
                each.add(resources);
            }
            for (JsonNode resource : each) {
                assertThat(resource.isTextual() && resource.asText().contains("*")).as(statement.toString()).isFalse();
            }
        }
    }

    @Test
    void apiFunction_mayReadWriteAndDescribeTheTable_andQueryTheIndex_only() {
        assertThat(grants("ApiFunctionServiceRole")).containsExactlyInAnyOrder(
                "dynamodb:BatchWriteItem on table",
                "dynamodb:DeleteItem on table",
                "dynamodb:DescribeTable on table",
                "dynamodb:GetItem on table",
                "dynamodb:PutItem on table",
                "dynamodb:Query on table",
                "dynamodb:Query on index GSI1");
    }

    @Test
    void repairFunction_mayScanGetQueryAndPut_only() {
        assertThat(grants("RepairFunctionServiceRole")).containsExactlyInAnyOrder(
                "dynamodb:GetItem on table",
                "dynamodb:PutItem on table",
                "dynamodb:Query on table",
                "dynamodb:Scan on table",
                "dynamodb:Query on index GSI1");
    }

    @Test
    void noPolicy_grantsEveryDynamoDbAction() {
        for (JsonNode policy : synth.resources("AWS::IAM::Policy").values()) {
            assertThat(policy.toString()).doesNotContain("\"dynamodb:*\"").doesNotContain("\"*:*\"");
        }
    }

    /** "action on table|index NAME" for every DynamoDB grant in the policy of the role under {@code prefix}. */
    private Set<String> grants(String prefix) {
        String tableId = synth.logicalId("AWS::DynamoDB::GlobalTable", "Data");
        JsonNode tableArn = Synthesized.getAtt(tableId, "Arn");
        JsonNode policy = synth.resource("AWS::IAM::Policy", prefix + "DefaultPolicy");
        Set<String> grants = new TreeSet<>();
        for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
            List<String> actions = actions(statement);
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
                String target;
                if (resource.equals(tableArn)) {
                    target = "table";
                } else {
                    JsonNode parts = resource.path("Fn::Join").path(1);
                    assertThat(parts.get(0)).as(statement.toString()).isEqualTo(tableArn);
                    target = "index " + parts.get(1).asText().substring("/index/".length());
                }
                actions.forEach(action -> grants.add(action + " on " + target));
            }
        }
        return grants;
    }

    private List<JsonNode> dynamoDbStatements() {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : synth.resources("AWS::IAM::Policy").values()) {
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (actions(statement).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                    statements.add(statement);
                }
            }
        }
        assertThat(statements).isNotEmpty();
        return statements;
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }
}
