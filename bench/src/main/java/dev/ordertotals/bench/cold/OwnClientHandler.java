package dev.ordertotals.bench.cold;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.handler.AggregatorConfig;
import dev.ordertotals.handler.DynamoDbClients;
import dev.ordertotals.handler.FunctionWiring;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's batch path ({@link FunctionWiring#processorOver}, no metrics, no priming) over a client of this
 * harness's choosing, to compare HTTP clients on the cold-process figure:
 * <ul>
 *   <li>{@code url}: the function's own client, {@link DynamoDbClients#create}, so nothing here can drift from it;
 *   <li>{@code crt}: the same factory over the AWS CRT HTTP client, everything else as the function has it.
 * </ul>
 */
final class OwnClientHandler {

    private OwnClientHandler() {}

    static RequestHandler<DynamodbEvent, StreamsEventResponse> create(String mode) {
        Map<String, String> environment = System.getenv();
        String region = AggregatorConfig.fromEnvironment(environment).region();
        DynamoDbClient client = switch (mode) {
            case "url" -> DynamoDbClients.create(region).client();
            case "crt" -> CrtClient.create(region);
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (handler, url, crt)");
        };
        return FunctionWiring.processorOver(client, environment, CommitSettings.defaults());
    }

    /** Separate class: the CRT classes are only on the classpath of the crt variant. */
    private static final class CrtClient {

        /** As the function's own client: the connection may take as long as one attempt. */
        private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

        static DynamoDbClient create(String region) {
            return DynamoDbClients.create(
                            region,
                            AwsCrtHttpClient.builder()
                                    .connectionTimeout(CONNECTION_TIMEOUT)
                                    .build())
                    .client();
        }
    }
}
