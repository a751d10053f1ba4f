package io.metadatamanager.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API in front of the function: a Cognito user pool authorizer on every method but {@code GET /health},
 * stage throttling, a usage plan with an API key, JSON access logs, problem+json gateway errors, optional WAF.
 *
 * <p>Routing stays in the function: {@code /{proxy+}} takes every authenticated request. The authorizer is the
 * API's default method option, so a method added later is protected unless it says otherwise.
 */
final class MetadataApi extends Construct {
    static final String STAGE = "prod";
    static final String HEALTH = "health";

    private final RestApi api;
    private final IUserPool userPool;
    private final IUserPoolClient userPoolClient;
    private final IApiKey apiKey;
    private final UsagePlan usagePlan;

    MetadataApi(Construct scope, String id, InfraSettings settings, IFunction handler) {
        super(scope, id);
        switch (settings.userPool()) {
            case InfraSettings.UserPoolChoice.Created created -> {
                UserPool pool = UserPool.Builder.create(this, "UserPool")
                        .selfSignUpEnabled(false)
                        .signInAliases(SignInAliases.builder().email(true).build())
                        .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                        .passwordPolicy(PasswordPolicy.builder()
                                .minLength(12)
                                .requireLowercase(true)
                                .requireUppercase(true)
                                .requireDigits(true)
                                .requireSymbols(false)
                                .tempPasswordValidity(Duration.days(3))
                                .build())
                        .mfa(Mfa.OPTIONAL)
                        .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                        .accountRecovery(AccountRecovery.EMAIL_ONLY)
                        .deletionProtection(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
                this.userPool = pool;
                this.userPoolClient = UserPoolClient.Builder.create(this, "UserPoolClient")
                        .userPool(pool)
                        // SRP for applications; USER_PASSWORD_AUTH so that a token can be fetched with the CLI
                        .authFlows(AuthFlow.builder().userSrp(true).userPassword(true).build())
                        .generateSecret(false)
                        .disableOAuth(true)
                        .preventUserExistenceErrors(true)
                        .enableTokenRevocation(true)
                        .idTokenValidity(Duration.hours(1))
                        .accessTokenValidity(Duration.hours(1))
                        .refreshTokenValidity(Duration.days(30))
                        .build();
            }
            case InfraSettings.UserPoolChoice.Imported imported -> {
                this.userPool = UserPool.fromUserPoolId(this, "UserPool", imported.userPoolId());
                this.userPoolClient =
                        UserPoolClient.fromUserPoolClientId(this, "UserPoolClient", imported.userPoolClientId());
            }
        }

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(LogRetention.of(settings.logRetentionDays()).orElseThrow())
                .build();
        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                .cognitoUserPools(List.of(userPool))
                .resultsCacheTtl(Duration.minutes(5))
                .build();
        this.api = RestApi.Builder.create(this, "Api")
                // derived from the stack, so two deployments in one account keep their metrics apart
                .restApiName(Stack.of(this).getStackName() + "-api")
                .description("Metadata Manager REST API")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // access logging needs API Gateway's account-level CloudWatch role
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .throttlingRateLimit(settings.throttleRate())
                        .throttlingBurstLimit(settings.throttleBurst())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(accessLogFormat(settings.waf())))
                        .loggingLevel(MethodLoggingLevel.OFF)
                        .dataTraceEnabled(false)
                        .tracingEnabled(true)
                        .build())
                .defaultMethodOptions(MethodOptions.builder()
                        .authorizationType(AuthorizationType.COGNITO)
                        .authorizer(authorizer)
                        .apiKeyRequired(settings.apiKeyRequired())
                        .build())
                .build();

        LambdaIntegration integration = LambdaIntegration.Builder.create(handler)
                .proxy(true)
                .allowTestInvoke(false)
                .build();
        api.getRoot().addResource(HEALTH).addMethod("GET", integration, MethodOptions.builder()
                .authorizationType(AuthorizationType.NONE)
                .apiKeyRequired(false)
                .build());
        // ANY on {proxy+} is added to the root too, so "/" reaches the function (and its 404) as well
        api.getRoot().addProxy(ProxyResourceOptions.builder().anyMethod(false).build())
                .addMethod("ANY", integration);
        GatewayProblems.addTo(api);

        this.usagePlan = api.addUsagePlan("UsagePlan", UsagePlanProps.builder()
                .description("Metadata Manager clients")
                .throttle(ThrottleSettings.builder()
                        .rateLimit(settings.throttleRate())
                        .burstLimit(settings.throttleBurst())
                        .build())
                .apiStages(List.of(UsagePlanPerApiStage.builder()
                        .api(api)
                        .stage(api.getDeploymentStage())
                        .build()))
                .build());
        this.apiKey = api.addApiKey("ApiKey", ApiKeyOptions.builder()
                .description("Metadata Manager default client")
                .build());
        usagePlan.addApiKey(apiKey);

        if (settings.waf()) {
            new ApiFirewall(this, "Firewall", api.getDeploymentStage().getStageArn());
        }
    }

    RestApi api() {
        return api;
    }

    IUserPool userPool() {
        return userPool;
    }

    IUserPoolClient userPoolClient() {
        return userPoolClient;
    }

    IApiKey apiKey() {
        return apiKey;
    }

    UsagePlan usagePlan() {
        return usagePlan;
    }

    /**
     * One JSON object per request; every value quoted, since API Gateway writes "-" for missing ones. No
     * free-form client input (user agent, raw path) that could break the JSON or carry personal data.
     */
    static String accessLogFormat(boolean waf) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", "$context.requestId");
        fields.put("extendedRequestId", "$context.extendedRequestId");
        fields.put("requestTime", "$context.requestTime");
        fields.put("ip", "$context.identity.sourceIp");
        fields.put("httpMethod", "$context.httpMethod");
        fields.put("resourcePath", "$context.resourcePath");
        fields.put("protocol", "$context.protocol");
        fields.put("status", "$context.status");
        fields.put("responseLength", "$context.responseLength");
        fields.put("responseLatency", "$context.responseLatency");
        fields.put("integrationLatency", "$context.integrationLatency");
        fields.put("integrationStatus", "$context.integrationStatus");
        fields.put("sub", "$context.authorizer.claims.sub");
        fields.put("apiKeyId", "$context.identity.apiKeyId");
        fields.put("errorType", "$context.error.responseType");
        fields.put("errorMessage", "$context.error.message");
        fields.put("xrayTraceId", "$context.xrayTraceId");
        if (waf) {
            fields.put("wafResponseCode", "$context.wafResponseCode");
        }
        return fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
