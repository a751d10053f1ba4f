package io.metadatamanager.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Metadata Manager on AWS: the table, the API function behind a REST API with Cognito, the repair sweep, backups
 * and monitoring. Synthesizes without credentials; environment-agnostic unless account and region are given.
 */
public final class MetadataManagerStack extends Stack {
    private final MetadataTable table;
    private final ApiFunction apiFunction;
    private final RepairJob repair;
    private final MetadataApi api;

    public MetadataManagerStack(Construct scope, String id, StackProps props, InfraSettings settings) {
        super(scope, id, props);
        settings.requireArtifact();
        this.table = new MetadataTable(this, "Data", settings);
        this.apiFunction = new ApiFunction(this, "ApiFunction", settings, table);
        this.repair = new RepairJob(this, "Repair", settings, table);
        this.api = new MetadataApi(this, "Http", settings, apiFunction.alias());
        // The REST API's Cognito authorizer passes ID tokens (no OAuth scopes on the methods); the function
        // checks the token's use and app client again behind it.
        apiFunction.function().addEnvironment("ACCEPT_ID_TOKENS", "true");
        apiFunction.function().addEnvironment("ALLOWED_CLIENT_IDS", api.userPoolClient().getUserPoolClientId());
        new TableBackups(this, "Backups", settings, table);
        new Monitoring(this, "Monitoring", settings, apiFunction.function(), api.api().getDeploymentStage(),
                table.table(), repair.function());

        CfnOutput.Builder.create(this, "ApiUrl")
                .description("Base URL of the API stage")
                .value(api.api().getUrl())
                .build();
        CfnOutput.Builder.create(this, "UserPoolId")
                .description("Cognito user pool whose ID tokens the API accepts")
                .value(api.userPool().getUserPoolId())
                .build();
        CfnOutput.Builder.create(this, "UserPoolClientId")
                .description("Cognito app client for sign-in")
                .value(api.userPoolClient().getUserPoolClientId())
                .build();
        CfnOutput.Builder.create(this, "TableName")
                .description("DynamoDB table")
                .value(table.table().getTableName())
                .build();
        CfnOutput.Builder.create(this, "ApiKeyId")
                .description("Usage plan API key; its value: aws apigateway get-api-key --include-value --api-key <id>")
                .value(api.apiKey().getKeyId())
                .build();
    }
}
