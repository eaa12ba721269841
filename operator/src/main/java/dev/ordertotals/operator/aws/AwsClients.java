package dev.ordertotals.operator.aws;

import dev.ordertotals.contract.LocalEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for the operator tools. Real AWS: the default credential and region chains (or a named
 * profile). A local endpoint: the same, falling back to moto's dummy credentials and region when none are set.
 */
public final class AwsClients implements AutoCloseable {

    private final Optional<URI> endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    public AwsClients(Optional<URI> endpoint, Optional<String> region, Optional<String> profile) {
        this.endpoint = endpoint;
        this.region = region.map(Region::of).orElseGet(() -> defaultRegion(endpoint.isPresent()));
        AwsCredentialsProvider configured = profile.<AwsCredentialsProvider>map(name ->
                        ProfileCredentialsProvider.builder().profileName(name).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        this.credentials = endpoint.isEmpty()
                ? configured
                : AwsCredentialsProviderChain.builder()
                        .credentialsProviders(
                                configured,
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(LocalEndpoint.ACCESS_KEY, LocalEndpoint.SECRET_KEY)))
                        .build();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Clients for a local engine with its dummy credentials. */
    public static AwsClients local(URI endpoint) {
        return new AwsClients(Optional.of(endpoint), Optional.of(LocalEndpoint.REGION), Optional.empty());
    }

    public DynamoDbClient dynamo() {
        return configure(DynamoDbClient.builder()).build();
    }

    public DynamoDbStreamsClient streams() {
        return configure(DynamoDbStreamsClient.builder()).build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder()).build();
    }

    public CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder()).build();
    }

    public LambdaClient lambda() {
        return configure(LambdaClient.builder()).build();
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    /** Where the calls go, for messages: the endpoint, or AWS and the region. */
    public String where() {
        return endpoint.map(URI::toString).orElse("AWS (region " + region.id() + ")");
    }

    /**
     * Where tables and queues are looked up, for messages: with an endpoint its region too (a local engine keeps
     * each region's tables apart, as AWS does).
     */
    public String scope() {
        return endpoint.map(uri -> uri + ", region " + region.id()).orElse(where());
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static Region defaultRegion(boolean local) {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (local) {
                return Region.of(LocalEndpoint.REGION);
            }
            throw new IllegalArgumentException("No AWS region: pass --region or set AWS_REGION");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
