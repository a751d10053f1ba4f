package io.metadatamanager.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds DynamoDB clients with everything explicit (region, credentials, HTTP client), so that nothing is
 * discovered at run time.
 */
public final class DynamoDbClients {
    private DynamoDbClients() {}

    /** Where and how to connect. */
    public enum CredentialsSource {
        /** Lambda's own: the function's role, from environment variables. */
        ENVIRONMENT,
        /** The SDK's default chain: profiles, SSO, environment, instance roles (command-line tools). */
        DEFAULT_CHAIN,
        /** Fixed dummy credentials for local engines, which do not check them. */
        LOCAL
    }

    /**
     * @param endpoint a local or compatible engine; empty for AWS
     * @param region the AWS region (any value for a local engine)
     */
    public static DynamoDbClient create(Optional<URI> endpoint, Region region, CredentialsSource credentials) {
        return create(endpoint, region, credentials, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build());
    }

    /** As {@link #create(Optional, Region, CredentialsSource)}, over another HTTP client (benchmarks, tests). */
    public static DynamoDbClient create(Optional<URI> endpoint, Region region, CredentialsSource credentials,
            SdkHttpClient httpClient) {
        var builder = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(provider(credentials))
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider provider(CredentialsSource source) {
        return switch (source) {
            case ENVIRONMENT -> EnvironmentVariableCredentialsProvider.create();
            case DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().build();
            case LOCAL -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        };
    }
}
