package dev.ordertotals.handler;

import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.snapstart.PrimableDynamoDb;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the function's one DynamoDB client per container.
 *
 * <p>Choices made for cold start and a lean jar: the JDK's url-connection HTTP client (no Apache or Netty), its
 * request bodies sent buffered ({@link BufferedBodyHttpClient}: a millisecond less per call),
 * the region from {@code AWS_REGION} rather than the region provider chain, and only the two credential
 * sources Lambda uses: the container endpoint first (what a SnapStart-restored instance has, and always fresh),
 * then environment variables (a normal start, or a local run). The endpoint is the SDK's own business: {@code AWS_ENDPOINT_URL} points it at a local engine.
 */
public final class DynamoDbClients {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private DynamoDbClients() {}

    public static PrimableDynamoDb create(String region) {
        return create(
                region,
                new BufferedBodyHttpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(ATTEMPT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT)
                        .build()));
    }

    /**
     * The same client over another HTTP client: for the benchmark that weighs the JDK's against the AWS CRT one
     * on the cold start, with everything else exactly as the function has it.
     */
    public static PrimableDynamoDb create(String region, SdkHttpClient http) {
        return new PrimableDynamoDb(
                http,
                AwsCredentialsProviderChain.builder()
                        .credentialsProviders(
                                ContainerCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create())
                        .reuseLastProviderEnabled(true)
                        .build(),
                (httpClient, credentials) -> DynamoDbClient.builder()
                        .region(Region.of(region))
                        .httpClient(httpClient)
                        .credentialsProvider(credentials)
                        .overrideConfiguration(ClientOverrideConfiguration.builder()
                                .apiCallTimeout(CommitSettings.DYNAMODB_CALL_TIMEOUT)
                                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                                .build())
                        .build());
    }
}
