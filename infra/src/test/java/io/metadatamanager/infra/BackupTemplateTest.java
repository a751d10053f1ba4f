package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BackupTemplateTest {
    private final Synthesized synth = Synthesized.defaults();
    private final JsonNode plan = synth.only("AWS::Backup::BackupPlan").path("Properties").path("BackupPlan");

    @Test
    void plan_backsUpDailyFor35Days() {
        JsonNode daily = rule("Daily");
        assertThat(daily.path("ScheduleExpression").asText()).isEqualTo("cron(0 3 * * ? *)");
        assertThat(daily.path("Lifecycle").path("DeleteAfterDays").asInt()).isEqualTo(35);
    }

    @Test
    void plan_backsUpWeeklyFor90Days() {
        JsonNode weekly = rule("Weekly");
        assertThat(weekly.path("ScheduleExpression").asText()).isEqualTo("cron(0 4 ? * SUN *)");
        assertThat(weekly.path("Lifecycle").path("DeleteAfterDays").asInt()).isEqualTo(90);
    }

    @Test
    void rules_writeToTheRetainedVault_withoutCopiesByDefault() {
        String vaultId = synth.logicalId("AWS::Backup::BackupVault", "BackupsVault");
        assertThat(plan.path("BackupPlanRule")).hasSize(2);
        for (JsonNode rule : plan.path("BackupPlanRule")) {
            assertThat(rule.path("TargetBackupVault")).isEqualTo(Synthesized.getAtt(vaultId, "BackupVaultName"));
            assertThat(rule.has("CopyActions")).isFalse();
        }
        assertThat(synth.only("AWS::Backup::BackupVault").path("DeletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void selection_isTheTable() {
        String tableId = synth.logicalId("AWS::DynamoDB::GlobalTable", "Data");
        JsonNode selection = synth.only("AWS::Backup::BackupSelection").path("Properties").path("BackupSelection");
        assertThat(selection.path("Resources")).containsExactly(Synthesized.getAtt(tableId, "Arn"));
    }

    private JsonNode rule(String name) {
        for (JsonNode rule : plan.path("BackupPlanRule")) {
            if (rule.path("RuleName").asText().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no backup rule " + name + " in " + plan);
    }
}
