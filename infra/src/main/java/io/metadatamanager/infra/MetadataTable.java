package io.metadatamanager.infra;

import io.metadatamanager.dynamodb.TableLayout;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ReplicaTableProps;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableAttributesV2;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The single table. Keys, index and TTL attribute come from {@link TableLayout}, the data layer's own
 * definition, so the deployed table cannot drift from what the code reads and writes.
 *
 * <p>With {@link InfraSettings#tableName()} the stack uses that existing table instead (a table restored from
 * point-in-time recovery or AWS Backup, which is always a new table): it grants, backs up and watches it by name,
 * but cannot switch on its point-in-time recovery or TTL, so synthesis warns with the commands that do.
 */
final class MetadataTable extends Construct {
    private final ITableV2 table;
    private final Optional<IKey> key;

    MetadataTable(Construct scope, String id, InfraSettings settings) {
        super(scope, id);
        if (settings.tableName().isPresent()) {
            this.key = Optional.empty();
            this.table = existing(settings.tableName().get(), settings.region());
        } else {
            this.key = key(settings.tableKey());
            this.table = created(settings, key);
        }
    }

    private Optional<IKey> key(InfraSettings.TableKey tableKey) {
        return switch (tableKey) {
            case InfraSettings.TableKey.DynamoOwned none -> Optional.empty();
            case InfraSettings.TableKey.Created created -> Optional.of(Key.Builder.create(this, "Key")
                    .description("Encrypts the Metadata Manager table, its stream and its backups")
                    .enableKeyRotation(true)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build());
            case InfraSettings.TableKey.Existing existing ->
                    Optional.of(Key.fromKeyArn(this, "Key", existing.keyArn()));
        };
    }

    private TableV2 created(InfraSettings settings, Optional<IKey> key) {
        return TableV2.Builder.create(this, "Table")
                .partitionKey(string(TableLayout.PK))
                .sortKey(string(TableLayout.SK))
                .globalSecondaryIndexes(List.of(GlobalSecondaryIndexPropsV2.builder()
                        .indexName(TableLayout.GSI1)
                        .partitionKey(string(TableLayout.GSI1_PK))
                        .sortKey(string(TableLayout.GSI1_SK))
                        // projection defaults to ALL, as the data layer expects
                        .build()))
                .billing(Billing.onDemand())
                .timeToLiveAttribute(TableLayout.EXPIRES_AT)
                .dynamoStream(StreamViewType.NEW_AND_OLD_IMAGES)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .encryption(key.map(k -> TableEncryptionV2.customerManagedKey(k, settings.replicaKeyArns()))
                        .orElse(TableEncryptionV2.dynamoOwnedKey()))
                .replicas(settings.replicaRegions().stream()
                        .map(region -> ReplicaTableProps.builder().region(region).build())
                        .toList())
                .build();
    }

    private ITableV2 existing(String tableName, Optional<String> region) {
        ITableV2 existing = TableV2.fromTableAttributes(this, "Table", TableAttributesV2.builder()
                .tableName(tableName)
                .globalIndexes(List.of(TableLayout.GSI1))
                .build());
        String regionOption = region.map(r -> " --region " + r).orElse("");
        Annotations.of(this).addWarningV2("@metadata-manager/infra:existingTableSettings", String.join("\n",
                "tableName: the stack uses the existing table " + tableName + " and cannot change its settings. "
                        + "A restored table comes without point-in-time recovery, TTL and deletion protection; "
                        + "switch them on where they are off:",
                "aws dynamodb update-continuous-backups" + regionOption + " --table-name " + tableName
                        + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
                "aws dynamodb update-time-to-live" + regionOption + " --table-name " + tableName
                        + " --time-to-live-specification Enabled=true,AttributeName=" + TableLayout.EXPIRES_AT,
                "aws dynamodb update-table" + regionOption + " --table-name " + tableName
                        + " --deletion-protection-enabled"));
        return existing;
    }

    ITableV2 table() {
        return table;
    }

    /** The ARN of the index the data layer queries. */
    String indexArn() {
        return table.getTableArn() + "/index/" + TableLayout.GSI1;
    }

    /** Grants exactly {@code actions} on the table, and {@code indexActions} on its index. */
    void grant(IGrantable grantee, List<String> actions, List<String> indexActions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions.stream().map(a -> "dynamodb:" + a).toList())
                .resources(List.of(table.getTableArn()))
                .build());
        if (!indexActions.isEmpty()) {
            grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(indexActions.stream().map(a -> "dynamodb:" + a).toList())
                    .resources(List.of(indexArn()))
                    .build());
        }
        // With a customer-managed key, reading needs Decrypt and writing needs the data-key actions too.
        key.ifPresent(k -> {
            boolean writes = actions.stream().anyMatch(a -> a.startsWith("Put") || a.startsWith("BatchWrite")
                    || a.startsWith("Delete") || a.startsWith("Update"));
            if (writes) {
                k.grantEncryptDecrypt(grantee);
            } else {
                k.grantDecrypt(grantee);
            }
        });
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }
}
