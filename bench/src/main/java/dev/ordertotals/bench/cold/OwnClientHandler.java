package dev.ordertotals.bench.cold;

import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.handler.AggregatorConfig;
import dev.ordertotals.handler.DynamoDbClients;
import dev.ordertotals.handler.OrderTotalsHandler;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handler over a client this harness builds, to compare HTTP clients on the cold-process figure. Apart
 * from the HTTP client, the client mirrors {@link DynamoDbClients#create}: region from the environment, the
 * environment and container credential providers, the same call and attempt timeouts.
 */
final class OwnClientHandler {

    private OwnClientHandler() {
    }

    static Object create(String mode) {
        AggregatorConfig config = AggregatorConfig.fromEnvironment(System.getenv());
        SdkHttpClient http = switch (mode) {
            case "url" -> software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(2))
                    .build();
            case "crt" -> CrtClient.create();
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (handler, url, crt)");
        };
        DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.of(config.region()))
                .httpClient(http)
                .credentialsProvider(AwsCredentialsProviderChain.builder()
                        .credentialsProviders(EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create())
                        .reuseLastProviderEnabled(true)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(DynamoDbClients.API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
        return new OrderTotalsHandler(config, client, CommitSettings.defaults(), Clock.systemUTC());
    }

    /** Separate class: the CRT classes are only on the classpath of the crt variant. */
    private static final class CrtClient {
        static SdkHttpClient create() {
            return software.amazon.awssdk.http.crt.AwsCrtHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .build();
        }
    }
}
