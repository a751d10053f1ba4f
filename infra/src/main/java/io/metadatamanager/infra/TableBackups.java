package io.metadatamanager.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanCopyActionProps;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupPlanRuleProps;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.backup.IBackupVault;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.constructs.Construct;

/**
 * AWS Backup for the table, on top of point-in-time recovery (35 days, in place): daily and weekly snapshots in
 * a retained vault, optionally copied to a vault in another region or account.
 */
final class TableBackups extends Construct {
    /** 03:00 UTC every day. */
    static final CronOptions DAILY = CronOptions.builder().minute("0").hour("3").build();
    /** 04:00 UTC every Sunday. */
    static final CronOptions WEEKLY = CronOptions.builder().minute("0").hour("4").weekDay("SUN").build();

    private final BackupVault vault;
    private final BackupPlan plan;

    TableBackups(Construct scope, String id, InfraSettings settings, MetadataTable table) {
        super(scope, id);
        this.vault = BackupVault.Builder.create(this, "Vault")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Optional<IBackupVault> copyTarget = settings.backupCopyVaultArn()
                .map(arn -> BackupVault.fromBackupVaultArn(this, "CopyVault", arn));
        this.plan = BackupPlan.Builder.create(this, "Plan")
                .backupPlanName(Stack.of(this).getStackName() + "-table")
                .backupVault(vault)
                .backupPlanRules(List.of(
                        rule("Daily", DAILY, settings.backupDailyRetentionDays(), copyTarget),
                        rule("Weekly", WEEKLY, settings.backupWeeklyRetentionDays(), copyTarget)))
                .build();
        plan.addSelection("Table", BackupSelectionOptions.builder()
                .resources(List.of(BackupResource.fromDynamoDbTable(table.table())))
                .build());
    }

    BackupPlan plan() {
        return plan;
    }

    private static BackupPlanRule rule(String name, CronOptions when, int retentionDays,
            Optional<IBackupVault> copyTarget) {
        Duration retention = Duration.days(retentionDays);
        BackupPlanRuleProps.Builder rule = BackupPlanRuleProps.builder()
                .ruleName(name)
                .scheduleExpression(Schedule.cron(when))
                .startWindow(Duration.hours(1))
                .completionWindow(Duration.hours(4))
                .deleteAfter(retention);
        copyTarget.ifPresent(target -> rule.copyActions(List.of(BackupPlanCopyActionProps.builder()
                .destinationBackupVault(target)
                .deleteAfter(retention)
                .build())));
        return new BackupPlanRule(rule.build());
    }
}
