package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;

class InfraSettingsTest {
    private static final Path ARTIFACT = Path.of("lambda", "target", "metadata-manager-lambda.jar");

    @Test
    void noContext_givesTheDocumentedDefaults() {
        InfraSettings settings = settings(Map.of());
        assertThat(settings.account()).isEmpty();
        assertThat(settings.region()).isEmpty();
        assertThat(settings.replicaRegions()).isEmpty();
        assertThat(settings.tableKey()).isInstanceOf(InfraSettings.TableKey.DynamoOwned.class);
        assertThat(settings.logRetentionDays()).isEqualTo(30);
        assertThat(settings.repairRateMinutes()).isEqualTo(60);
        assertThat(settings.userPool()).isInstanceOf(InfraSettings.UserPoolChoice.Created.class);
        assertThat(settings.throttleRate()).isEqualTo(100);
        assertThat(settings.throttleBurst()).isEqualTo(200);
        assertThat(settings.apiKeyRequired()).isTrue();
        assertThat(settings.waf()).isFalse();
        assertThat(settings.backupDailyRetentionDays()).isEqualTo(35);
        assertThat(settings.backupWeeklyRetentionDays()).isEqualTo(90);
        assertThat(settings.backupCopyVaultArn()).isEmpty();
        assertThat(settings.maxBodyBytes()).isEmpty();
        assertThat(settings.functionArtifact()).isEqualTo(ARTIFACT);
    }

    @Test
    void listsAndPairs_areCommaSeparated_andTrimmed() {
        InfraSettings settings = settings(Map.of(
                "region", "us-east-1",
                "replicaRegions", " us-west-2, eu-west-1 ,",
                "kmsKey", "true",
                "replicaKeyArns", "us-west-2=arn:aws:kms:us-west-2:123456789012:key/k-1, "
                        + "eu-west-1=arn:aws:kms:eu-west-1:123456789012:key/k-2"));
        assertThat(settings.replicaRegions()).containsExactly("us-west-2", "eu-west-1");
        assertThat(settings.replicaKeyArns()).containsOnlyKeys("us-west-2", "eu-west-1");
    }

    @Test
    void jsonNumbersFromCdkJson_readLikeStrings() {
        InfraSettings settings = settings(Map.of("throttleBurst", 300.0, "logRetentionDays", 14, "waf", true));
        assertThat(settings.throttleBurst()).isEqualTo(300);
        assertThat(settings.logRetentionDays()).isEqualTo(14);
        assertThat(settings.waf()).isTrue();
    }

    @Test
    void kmsKeyArn_selectsAnExistingKey() {
        String arn = "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234";
        assertThat(settings(Map.of("kmsKey", arn, "region", "eu-west-1")).tableKey())
                .isEqualTo(new InfraSettings.TableKey.Existing(arn));
        assertThat(settings(Map.of("kmsKey", "false")).tableKey())
                .isInstanceOf(InfraSettings.TableKey.DynamoOwned.class);
    }

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "replicaRegions           | us-west-2        | needs the primary region",
        "kmsKey                   | yes please       | kmsKey must be true, false or a KMS key ARN",
        "kmsKey                   | true             | kmsKey needs the stack's region",
        "logRetentionDays         | 31               | logRetentionDays must be one of",
        "repairRateMinutes        | 2                | repairRateMinutes must be at least 5",
        "throttleRate             | 0                | must be positive",
        "throttleBurst            | many             | throttleBurst must be a whole number",
        "waf                      | maybe            | waf must be true or false",
        "backupCopyVaultArn       | my-vault         | not a backup vault ARN",
        "maxBodyBytes             | 7000000          | maxBodyBytes must be between 1 and 6 MiB",
        "userPoolId               | eu-west-1_abc    | userPoolId and userPoolClientId go together",
    })
    void badContext_failsBeforeAnyResourceIsDefined(String key, String value, String message) {
        assertThatThrownBy(() -> settings(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void tableName_selectsAnExistingTable_andIsEmptyByDefault() {
        assertThat(settings(Map.of("tableName", "metadata-restored")).tableName()).contains("metadata-restored");
        assertThat(settings(Map.of("tableName", "Meta_data.v2-restored")).tableName())
                .contains("Meta_data.v2-restored");
        assertThat(settings(Map.of()).tableName()).isEmpty();
    }

    @ParameterizedTest(name = "tableName={0} is refused")
    @CsvSource({"ab", "metadata restored", "metadata/restored", "table:restored", "tablé"})
    void tableName_mustBeAValidDynamoDbTableName(String name) {
        assertThatThrownBy(() -> settings(Map.of("tableName", name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableName must be 3 to 255 characters")
                .hasMessageContaining(name);
    }

    @Test
    void tableName_mayBe255CharactersButNoMore() {
        assertThat(settings(Map.of("tableName", "t".repeat(255))).tableName()).contains("t".repeat(255));
        assertThatThrownBy(() -> settings(Map.of("tableName", "t".repeat(256))))
                .hasMessageContaining("tableName must be 3 to 255 characters");
    }

    @ParameterizedTest(name = "tableName with {0} is refused")
    @CsvSource(delimiter = '|', value = {
        "replicaRegions | us-west-2",
        "kmsKey         | true",
        "kmsKey         | arn:aws:kms:us-east-1:123456789012:key/k-1",
        "replicaKeyArns | us-west-2=arn:aws:kms:us-west-2:123456789012:key/k-2",
    })
    void tableName_refusesOptionsForACreatedTable_namingTheOneToDrop(String key, String value) {
        assertThatThrownBy(() -> settings(Map.of("tableName", "metadata-restored", "region", "us-east-1",
                key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableName uses an existing table: drop " + key + " ")
                .hasMessageContaining("or drop tableName");
    }

    @Test
    void tableName_refusesEveryCreatedTableOptionAtOnce() {
        assertThatThrownBy(() -> settings(Map.of("tableName", "metadata-restored", "region", "us-east-1",
                "replicaRegions", "us-west-2", "kmsKey", "true",
                "replicaKeyArns", "us-west-2=arn:aws:kms:us-west-2:123456789012:key/k-2")))
                .hasMessageContaining("drop replicaRegions, kmsKey, replicaKeyArns (options for a table the stack "
                        + "creates)");
    }

    @Test
    void customerManagedKeyWithReplicas_needsAKeyInEveryReplicaRegion() {
        assertThatThrownBy(() -> settings(Map.of("region", "us-east-1", "replicaRegions", "us-west-2",
                "kmsKey", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add us-west-2=<key arn> to replicaKeyArns");
    }

    @Test
    void replicaRegions_mustNotRepeatThePrimaryRegion() {
        assertThatThrownBy(() -> settings(Map.of("region", "us-east-1", "replicaRegions", "us-east-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain the stack's own region");
    }

    @Test
    void missingArtifact_failsWithTheCommandThatBuildsIt() {
        InfraSettings settings = settings(Map.of("functionArtifact", "/nonexistent/metadata-manager-lambda.jar"));
        assertThatThrownBy(settings::requireArtifact)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/metadata-manager-lambda.jar does not exist")
                .hasMessageContaining("./mvnw package");
    }

    @Test
    void missingArtifact_stopsTheStackBeforeSynthesis() {
        App app = InfraApp.newApp(new LinkedHashMap<>(Map.of("functionArtifact", "/nonexistent/lambda.jar")),
                Optional.empty());
        InfraSettings settings = InfraSettings.fromContext(app.getNode(), ARTIFACT);
        assertThatThrownBy(() -> new MetadataManagerStack(app, "Stack", InfraApp.stackProps(settings), settings))
                .hasMessageContaining("./mvnw package");
    }

    @Test
    void records_copyTheirCollections() {
        List<String> regions = new java.util.ArrayList<>(List.of("us-west-2"));
        InfraSettings settings = new InfraSettings(ARTIFACT, Optional.empty(), Optional.of("us-east-1"),
                Optional.empty(), regions,
                new InfraSettings.TableKey.DynamoOwned(), Map.of(), 30, 60, new InfraSettings.UserPoolChoice.Created(),
                100, 200, true, false, 35, 90, Optional.empty(), Optional.empty(), Optional.empty());
        regions.add("eu-west-1");
        assertThat(settings.replicaRegions()).containsExactly("us-west-2");
    }

    private static InfraSettings settings(Map<String, Object> context) {
        App app = new App();
        context.forEach(app.getNode()::setContext);
        return InfraSettings.fromContext(app.getNode(), ARTIFACT);
    }
}
