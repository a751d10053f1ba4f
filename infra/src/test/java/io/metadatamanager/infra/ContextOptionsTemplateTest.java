package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every context option changes the template the way docs/DEPLOY.md says. Two synths, shared per class. */
class ContextOptionsTemplateTest {
    static final String REPLICA_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String EXISTING_KEY = "arn:aws:kms:eu-west-1:123456789012:key/abcd1234-ab12-cd34-ef56-abcdef123456";
    static final String COPY_VAULT = "arn:aws:backup:eu-central-1:123456789012:backup-vault:metadata-dr";

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EveryOptionSet {
        private Synthesized synth;

        @BeforeAll
        void synthesize() {
            Map<String, Object> context = new HashMap<>();
            context.put("account", "123456789012");
            context.put("region", "eu-west-1");
            context.put("replicaRegions", "eu-central-1");
            context.put("kmsKey", "true");
            context.put("replicaKeyArns", "eu-central-1=" + REPLICA_KEY);
            context.put("logRetentionDays", "90");
            context.put("repairRateMinutes", "15");
            context.put("userPoolId", "eu-west-1_AbCdEfGhI");
            context.put("userPoolClientId", "1example23456789abcdefghij");
            context.put("throttleRate", "50");
            context.put("throttleBurst", 75); // as cdk.json would give it: a JSON number
            context.put("apiKeyRequired", "false");
            context.put("waf", "true");
            context.put("backupDailyRetentionDays", "7");
            context.put("backupWeeklyRetentionDays", "365");
            context.put("backupCopyVaultArn", COPY_VAULT);
            context.put("maxBodyBytes", "1048576");
            context.put("alarmEmail", "ops@example.com");
            synth = Synthesized.withContext(context);
        }

        @Test
        void throttling_comesFromContext_onStageAndUsagePlan() {
            JsonNode settings = synth.only("AWS::ApiGateway::Stage").path("Properties").path("MethodSettings").get(0);
            assertThat(settings.path("ThrottlingRateLimit").asDouble()).isEqualTo(50);
            assertThat(settings.path("ThrottlingBurstLimit").asInt()).isEqualTo(75);
            JsonNode plan = synth.only("AWS::ApiGateway::UsagePlan").path("Properties").path("Throttle");
            assertThat(plan.path("RateLimit").asDouble()).isEqualTo(50);
            assertThat(plan.path("BurstLimit").asInt()).isEqualTo(75);
        }

        @Test
        void replicaRegion_getsAReplicaWithDeletionProtectionAndPointInTimeRecovery() {
            JsonNode replicas = synth.only("AWS::DynamoDB::GlobalTable").path("Properties").path("Replicas");
            assertThat(replicas).extracting(r -> r.path("Region").asText())
                    .containsExactlyInAnyOrder("eu-west-1", "eu-central-1");
            for (JsonNode replica : replicas) {
                assertThat(replica.path("DeletionProtectionEnabled").asBoolean()).isTrue();
                assertThat(replica.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled")
                        .asBoolean()).isTrue();
            }
        }

        @Test
        void kmsKeyTrue_createsARotatedRetainedKey_usedByEveryReplica() {
            JsonNode key = synth.only("AWS::KMS::Key");
            assertThat(key.path("Properties").path("EnableKeyRotation").asBoolean()).isTrue();
            assertThat(key.path("DeletionPolicy").asText()).isEqualTo("Retain");
            JsonNode table = synth.only("AWS::DynamoDB::GlobalTable").path("Properties");
            assertThat(table.path("SSESpecification").path("SSEEnabled").asBoolean()).isTrue();
            assertThat(table.path("SSESpecification").path("SSEType").asText()).isEqualTo("KMS");
            String keyId = synth.logicalId("AWS::KMS::Key", "DataKey");
            for (JsonNode replica : table.path("Replicas")) {
                JsonNode keyRef = replica.path("SSESpecification").path("KMSMasterKeyId");
                if (replica.path("Region").asText().equals("eu-central-1")) {
                    assertThat(keyRef.asText()).isEqualTo(REPLICA_KEY);
                } else {
                    assertThat(keyRef).isEqualTo(Synthesized.getAtt(keyId, "Arn"));
                }
            }
        }

        @Test
        void customerManagedKey_isUsableByBothFunctions() {
            for (String role : List.of("ApiFunctionServiceRole", "RepairFunctionServiceRole")) {
                String policy = synth.resource("AWS::IAM::Policy", role + "DefaultPolicy").toString();
                assertThat(policy).as(role).contains("kms:Decrypt", "kms:GenerateDataKey*");
            }
        }

        @Test
        void importedUserPool_isTrustedByTheAuthorizer_andNoPoolIsCreated() {
            assertThat(synth.resources("AWS::Cognito::UserPool")).isEmpty();
            assertThat(synth.resources("AWS::Cognito::UserPoolClient")).isEmpty();
            String providers = synth.only("AWS::ApiGateway::Authorizer").path("Properties").path("ProviderARNs")
                    .toString();
            assertThat(providers).contains("userpool/eu-west-1_AbCdEfGhI");
            JsonNode outputs = synth.json.path("Outputs");
            assertThat(outputs.path("UserPoolId").path("Value").asText()).isEqualTo("eu-west-1_AbCdEfGhI");
            assertThat(outputs.path("UserPoolClientId").path("Value").asText()).isEqualTo("1example23456789abcdefghij");
        }

        @Test
        void apiKeyRequiredFalse_leavesTheAuthorizerOnEveryMethodButHealth() {
            for (JsonNode method : synth.resources("AWS::ApiGateway::Method").values()) {
                JsonNode properties = method.path("Properties");
                assertThat(properties.path("ApiKeyRequired").asBoolean()).isFalse();
                if (!properties.path("HttpMethod").asText().equals("GET")) {
                    assertThat(properties.path("AuthorizationType").asText()).isEqualTo("COGNITO_USER_POOLS");
                }
            }
        }

        @Test
        void waf_guardsTheStage_andBlocksBodiesTooLargeForLambda() {
            JsonNode acl = synth.only("AWS::WAFv2::WebACL").path("Properties");
            assertThat(acl.path("Scope").asText()).isEqualTo("REGIONAL");
            JsonNode sizeRule = null;
            for (JsonNode rule : acl.path("Rules")) {
                if (rule.path("Name").asText().equals("BodyTooLargeForLambda")) {
                    sizeRule = rule;
                }
            }
            assertThat(sizeRule).isNotNull();
            assertThat(sizeRule.path("Action").has("Block")).isTrue();
            JsonNode regex = sizeRule.path("Statement").path("RegexMatchStatement");
            assertThat(regex.path("FieldToMatch").path("SingleHeader").path("Name").asText())
                    .isEqualTo("content-length");
            Pattern pattern = Pattern.compile(regex.path("RegexString").asText());
            assertThat(pattern.matcher("6000000").matches()).isTrue();
            assertThat(pattern.matcher("10485760").matches()).isTrue();
            assertThat(pattern.matcher("5999999").matches()).isFalse();
            assertThat(pattern.matcher("262144").matches()).isFalse();

            String stageId = synth.logicalId("AWS::ApiGateway::Stage", "HttpApiDeploymentStage");
            JsonNode association = synth.only("AWS::WAFv2::WebACLAssociation").path("Properties");
            assertThat(association.path("ResourceArn").toString()).contains(stageId);
        }

        @Test
        void backups_takeTheirRetentionFromContext_andAreCopiedToTheOtherVault() {
            JsonNode rules = synth.only("AWS::Backup::BackupPlan").path("Properties").path("BackupPlan")
                    .path("BackupPlanRule");
            for (JsonNode rule : rules) {
                int days = rule.path("RuleName").asText().equals("Daily") ? 7 : 365;
                assertThat(rule.path("Lifecycle").path("DeleteAfterDays").asInt()).isEqualTo(days);
                JsonNode copies = rule.path("CopyActions");
                assertThat(copies).hasSize(1);
                assertThat(copies.get(0).path("DestinationBackupVaultArn").asText()).isEqualTo(COPY_VAULT);
                assertThat(copies.get(0).path("Lifecycle").path("DeleteAfterDays").asInt()).isEqualTo(days);
            }
        }

        @Test
        void logRetention_appliesToEveryLogGroup() {
            assertThat(synth.resources("AWS::Logs::LogGroup")).hasSize(3);
            for (JsonNode group : synth.resources("AWS::Logs::LogGroup").values()) {
                assertThat(group.path("Properties").path("RetentionInDays").asInt()).isEqualTo(90);
            }
        }

        @Test
        void repairRate_comesFromContext() {
            assertThat(synth.only("AWS::Events::Rule").path("Properties").path("ScheduleExpression").asText())
                    .isEqualTo("rate(15 minutes)");
        }

        @Test
        void maxBodyBytes_reachesTheApiFunction() {
            JsonNode environment = synth.resource("AWS::Lambda::Function", "ApiFunction")
                    .path("Properties").path("Environment").path("Variables");
            assertThat(environment.path("MAX_BODY_BYTES").asText()).isEqualTo("1048576");
        }

        @Test
        void alarmEmail_isSubscribedToTheAlarmTopic() {
            JsonNode subscription = synth.only("AWS::SNS::Subscription").path("Properties");
            assertThat(subscription.path("Protocol").asText()).isEqualTo("email");
            assertThat(subscription.path("Endpoint").asText()).isEqualTo("ops@example.com");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ExistingKey {
        private Synthesized synth;

        @BeforeAll
        void synthesize() {
            synth = Synthesized.withContext(Map.of("kmsKey", EXISTING_KEY, "region", "eu-west-1"));
        }

        @Test
        void kmsKeyArn_encryptsTheTableWithThatKey_withoutCreatingOne() {
            assertThat(synth.resources("AWS::KMS::Key")).isEmpty();
            JsonNode table = synth.only("AWS::DynamoDB::GlobalTable").path("Properties");
            assertThat(table.path("SSESpecification").path("SSEType").asText()).isEqualTo("KMS");
            assertThat(table.path("Replicas").get(0).path("SSESpecification").path("KMSMasterKeyId").asText())
                    .isEqualTo(EXISTING_KEY);
        }

        @Test
        void functions_mayUseThatKey() {
            String policy = synth.resource("AWS::IAM::Policy", "ApiFunctionServiceRoleDefaultPolicy").toString();
            assertThat(policy).contains("kms:Decrypt", "kms:GenerateDataKey*", EXISTING_KEY);
        }
    }
}
