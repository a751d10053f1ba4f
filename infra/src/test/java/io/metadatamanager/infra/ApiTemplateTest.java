package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTemplateTest {
    private final Synthesized synth = Synthesized.defaults();

    @Test
    void everyMethodButHealthGet_requiresTheCognitoAuthorizerAndTheApiKey() {
        String authorizerId = synth.logicalId("AWS::ApiGateway::Authorizer", "HttpAuthorizer");
        Map<String, JsonNode> methods = synth.resources("AWS::ApiGateway::Method");
        assertThat(methods).hasSizeGreaterThanOrEqualTo(3);
        int protectedMethods = 0;
        for (Map.Entry<String, JsonNode> method : methods.entrySet()) {
            JsonNode properties = method.getValue().path("Properties");
            if (isHealthGet(properties)) {
                continue;
            }
            protectedMethods++;
            assertThat(properties.path("AuthorizationType").asText()).as(method.getKey())
                    .isEqualTo("COGNITO_USER_POOLS");
            assertThat(properties.path("AuthorizerId")).as(method.getKey()).isEqualTo(Synthesized.ref(authorizerId));
            assertThat(properties.path("ApiKeyRequired").asBoolean()).as(method.getKey()).isTrue();
        }
        assertThat(protectedMethods).isEqualTo(methods.size() - 1);
    }

    @Test
    void healthGet_isTheOneOpenMethod() {
        JsonNode health = synth.resources("AWS::ApiGateway::Method").values().stream()
                .map(m -> m.path("Properties"))
                .filter(this::isHealthGet)
                .findFirst().orElseThrow();
        JsonNode resource = synth.resource("AWS::ApiGateway::Resource", "HttpApihealth").path("Properties");
        assertThat(resource.path("PathPart").asText()).isEqualTo("health");
        assertThat(resource.path("ParentId").path("Fn::GetAtt").get(1).asText()).isEqualTo("RootResourceId");
        assertThat(health.path("AuthorizationType").asText()).isEqualTo("NONE");
        assertThat(health.has("AuthorizerId")).isFalse();
        assertThat(health.path("ApiKeyRequired").asBoolean()).isFalse();
    }

    @Test
    void authorizer_trustsTheUserPool() {
        String poolId = synth.logicalId("AWS::Cognito::UserPool", "HttpUserPool");
        JsonNode authorizer = synth.only("AWS::ApiGateway::Authorizer").path("Properties");
        assertThat(authorizer.path("Type").asText()).isEqualTo("COGNITO_USER_POOLS");
        assertThat(authorizer.path("IdentitySource").asText()).isEqualTo("method.request.header.Authorization");
        assertThat(authorizer.path("ProviderARNs")).containsExactly(Synthesized.getAtt(poolId, "Arn"));
    }

    @Test
    void everyMethod_proxiesToTheLiveAlias() {
        String aliasId = synth.logicalId("AWS::Lambda::Alias", "ApiFunctionLive");
        for (JsonNode method : synth.resources("AWS::ApiGateway::Method").values()) {
            JsonNode integration = method.path("Properties").path("Integration");
            assertThat(integration.path("Type").asText()).isEqualTo("AWS_PROXY");
            assertThat(integration.path("Uri").toString()).contains("\"Ref\":\"" + aliasId + "\"");
        }
    }

    @Test
    void userPool_isAdminOnlyAndRetained_andItsClientAllowsPasswordAuthWithoutSecret() {
        JsonNode pool = synth.only("AWS::Cognito::UserPool");
        assertThat(pool.path("Properties").path("AdminCreateUserConfig").path("AllowAdminCreateUserOnly").asBoolean())
                .isTrue();
        assertThat(pool.path("Properties").path("DeletionProtection").asText()).isEqualTo("ACTIVE");
        assertThat(pool.path("DeletionPolicy").asText()).isEqualTo("Retain");

        JsonNode client = synth.only("AWS::Cognito::UserPoolClient").path("Properties");
        assertThat(client.path("ExplicitAuthFlows")).extracting(JsonNode::asText)
                .contains("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH");
        assertThat(client.path("GenerateSecret").asBoolean()).isFalse();
        assertThat(client.path("AllowedOAuthFlowsUserPoolClient").asBoolean()).isFalse();
    }

    @Test
    void stage_throttles100PerSecondWithBurst200ByDefault() {
        JsonNode settings = synth.only("AWS::ApiGateway::Stage").path("Properties").path("MethodSettings");
        assertThat(settings).hasSize(1);
        assertThat(settings.get(0).path("ResourcePath").asText()).isEqualTo("/*");
        assertThat(settings.get(0).path("HttpMethod").asText()).isEqualTo("*");
        assertThat(settings.get(0).path("ThrottlingRateLimit").asDouble()).isEqualTo(100);
        assertThat(settings.get(0).path("ThrottlingBurstLimit").asInt()).isEqualTo(200);
        assertThat(settings.get(0).path("DataTraceEnabled").asBoolean()).as("never log payloads").isFalse();
    }

    @Test
    void stage_writesJsonAccessLogsToARetainedLogGroup_andTraces() {
        JsonNode stage = synth.only("AWS::ApiGateway::Stage").path("Properties");
        assertThat(stage.path("TracingEnabled").asBoolean()).isTrue();
        String logGroupId = stage.path("AccessLogSetting").path("DestinationArn").path("Fn::GetAtt").get(0).asText();
        JsonNode logGroup = synth.json.path("Resources").path(logGroupId);
        assertThat(logGroup.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(logGroup.path("Properties").path("RetentionInDays").asInt()).isEqualTo(30);

        String format = stage.path("AccessLogSetting").path("Format").asText();
        JsonNode line = Synthesized.parse(format.replaceAll("\\$context\\.[A-Za-z.]+", "x"));
        assertThat(line.fieldNames()).toIterable()
                .contains("requestId", "ip", "httpMethod", "resourcePath", "status", "responseLatency", "sub");
        assertThat(format).contains("\"requestId\":\"$context.requestId\"", "\"status\":\"$context.status\"");
    }

    @Test
    void accessLogging_hasApiGatewaysAccountRole() {
        assertThat(synth.resources("AWS::ApiGateway::Account")).hasSize(1);
    }

    @Test
    void usagePlan_coversTheStage_throttles_andHoldsTheApiKey() {
        String apiId = synth.logicalId("AWS::ApiGateway::RestApi", "HttpApi");
        String stageId = synth.logicalId("AWS::ApiGateway::Stage", "HttpApiDeploymentStage");
        String planId = synth.logicalId("AWS::ApiGateway::UsagePlan", "HttpApiUsagePlan");
        String keyId = synth.logicalId("AWS::ApiGateway::ApiKey", "HttpApiApiKey");

        JsonNode plan = synth.only("AWS::ApiGateway::UsagePlan").path("Properties");
        assertThat(plan.path("ApiStages")).hasSize(1);
        assertThat(plan.path("ApiStages").get(0).path("ApiId")).isEqualTo(Synthesized.ref(apiId));
        assertThat(plan.path("ApiStages").get(0).path("Stage")).isEqualTo(Synthesized.ref(stageId));
        assertThat(plan.path("Throttle").path("RateLimit").asDouble()).isEqualTo(100);
        assertThat(plan.path("Throttle").path("BurstLimit").asInt()).isEqualTo(200);

        JsonNode planKey = synth.only("AWS::ApiGateway::UsagePlanKey").path("Properties");
        assertThat(planKey.path("UsagePlanId")).isEqualTo(Synthesized.ref(planId));
        assertThat(planKey.path("KeyId")).isEqualTo(Synthesized.ref(keyId));
        assertThat(planKey.path("KeyType").asText()).isEqualTo("API_KEY");
        assertThat(synth.only("AWS::ApiGateway::ApiKey").path("Properties").path("Enabled").asBoolean(true)).isTrue();
    }

    @Test
    void gatewayResponses_coverAuthThrottlingAndDefaults() {
        Map<String, String> statusByType = new HashMap<>();
        synth.resources("AWS::ApiGateway::GatewayResponse").values().forEach(r -> statusByType.put(
                r.path("Properties").path("ResponseType").asText(),
                r.path("Properties").path("StatusCode").asText("")));
        assertThat(statusByType).containsEntry("DEFAULT_4XX", "").containsEntry("DEFAULT_5XX", "")
                .containsEntry("UNAUTHORIZED", "401").containsEntry("ACCESS_DENIED", "403")
                .containsEntry("THROTTLED", "429").containsEntry("QUOTA_EXCEEDED", "429")
                .containsEntry("MISSING_AUTHENTICATION_TOKEN", "404").containsEntry("REQUEST_TOO_LARGE", "413")
                .containsEntry("WAF_FILTERED", "403").containsEntry("INTEGRATION_TIMEOUT", "504");
    }

    @Test
    void everyGatewayResponse_sendsTheSecurityHeadersAndProblemJson() {
        for (JsonNode response : synth.resources("AWS::ApiGateway::GatewayResponse").values()) {
            JsonNode properties = response.path("Properties");
            String type = properties.path("ResponseType").asText();
            JsonNode headers = properties.path("ResponseParameters");
            assertThat(headers.path("gatewayresponse.header.X-Content-Type-Options").asText()).as(type)
                    .isEqualTo("'nosniff'");
            assertThat(headers.path("gatewayresponse.header.Strict-Transport-Security").asText()).as(type)
                    .isEqualTo("'max-age=63072000; includeSubDomains'");
            assertThat(headers.path("gatewayresponse.header.Content-Security-Policy").asText()).as(type)
                    .isEqualTo("'frame-ancestors \\'none\\''");
            assertThat(headers.path("gatewayresponse.header.Cache-Control").asText()).as(type)
                    .isEqualTo("'no-store'");
            assertThat(headers.path("gatewayresponse.header.Content-Type").asText()).as(type)
                    .isEqualTo("'application/problem+json'");
        }
    }

    @Test
    void everyGatewayResponseBody_isAnRfc9457Problem() {
        for (JsonNode response : synth.resources("AWS::ApiGateway::GatewayResponse").values()) {
            JsonNode properties = response.path("Properties");
            String type = properties.path("ResponseType").asText();
            String template = properties.path("ResponseTemplates").path("application/json").asText();
            assertThat(template).as(type)
                    .contains("\"detail\":$context.error.messageString", "\"requestId\":\"$context.requestId\"");

            // as API Gateway fills it in: messageString is already a quoted JSON string
            JsonNode body = Synthesized.parse(template
                    .replace("$context.error.messageString", "\"Unauthorized\"")
                    .replace("$context.requestId", "req-1"));
            assertThat(body.path("type").asText()).as(type).startsWith("urn:metadata-manager:problem:");
            assertThat(body.path("title").asText()).as(type).isNotBlank();
            assertThat(body.path("detail").asText()).as(type).isEqualTo("Unauthorized");
            assertThat(body.path("requestId").asText()).as(type).isEqualTo("req-1");
            if (properties.has("StatusCode")) {
                assertThat(body.path("status").asInt()).as(type).isEqualTo(properties.path("StatusCode").asInt());
            } else {
                assertThat(body.has("status")).as(type + " keeps API Gateway's status, so names none").isFalse();
            }
        }
    }

    @Test
    void unauthorizedResponse_readsAsTheFunctionsUnauthorizedProblem() {
        JsonNode unauthorized = synth.resources("AWS::ApiGateway::GatewayResponse").values().stream()
                .map(r -> r.path("Properties"))
                .filter(p -> p.path("ResponseType").asText().equals("UNAUTHORIZED"))
                .findFirst().orElseThrow();
        JsonNode body = Synthesized.parse(unauthorized.path("ResponseTemplates").path("application/json").asText()
                .replace("$context.error.messageString", "\"Unauthorized\"").replace("$context.requestId", "r"));
        assertThat(body.path("type").asText()).isEqualTo("urn:metadata-manager:problem:unauthorized");
        assertThat(body.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(body.path("status").asInt()).isEqualTo(401);
    }

    @Test
    void restApi_isRegional_withoutWafByDefault() {
        JsonNode api = synth.only("AWS::ApiGateway::RestApi").path("Properties");
        assertThat(api.path("EndpointConfiguration").path("Types")).extracting(JsonNode::asText)
                .containsExactly("REGIONAL");
        assertThat(synth.resources("AWS::WAFv2::WebACL")).isEmpty();
    }

    @Test
    void outputs_nameTheApiUrlUserPoolClientAndApiKey() {
        JsonNode outputs = synth.json.path("Outputs");
        assertThat(outputs.fieldNames()).toIterable()
                .contains("ApiUrl", "UserPoolId", "UserPoolClientId", "TableName", "ApiKeyId");
        String stageId = synth.logicalId("AWS::ApiGateway::Stage", "HttpApiDeploymentStage");
        assertThat(outputs.path("ApiUrl").path("Value").toString()).contains("execute-api", stageId);
        assertThat(outputs.path("UserPoolId").path("Value"))
                .isEqualTo(Synthesized.ref(synth.logicalId("AWS::Cognito::UserPool", "HttpUserPool")));
        assertThat(outputs.path("UserPoolClientId").path("Value"))
                .isEqualTo(Synthesized.ref(synth.logicalId("AWS::Cognito::UserPoolClient", "HttpUserPoolClient")));
    }

    private boolean isHealthGet(JsonNode method) {
        String healthId = synth.logicalId("AWS::ApiGateway::Resource", "HttpApihealth");
        return method.path("HttpMethod").asText().equals("GET")
                && method.path("ResourceId").equals(Synthesized.ref(healthId));
    }
}
