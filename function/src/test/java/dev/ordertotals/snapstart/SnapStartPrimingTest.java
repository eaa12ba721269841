package dev.ordertotals.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.batch.BatchMetrics;
import dev.ordertotals.batch.BatchProcessor;
import dev.ordertotals.commit.BatchReport;
import dev.ordertotals.commit.CommitSettings;
import dev.ordertotals.commit.ExactlyOnceCommitter;
import dev.ordertotals.handler.AggregatorConfig;
import dev.ordertotals.handler.FunctionWiring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Priming must warm the function's own client without touching what a restored instance needs fresh: the
 * network and the credentials. Both are replaced here by recorders that count every use.
 */
class SnapStartPrimingTest {

    private static final AggregatorConfig CONFIG = new AggregatorConfig(
            "orders", Optional.of("totals"), "state", "eu-west-1", Aggregations.orderTotals("totals"));

    private final AtomicInteger networkCalls = new AtomicInteger();
    private final List<String> loopbackCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger credentialLookups = new AtomicInteger();
    private PrimableDynamoDb dynamo;
    private SnapStartPriming priming;

    @BeforeEach
    void functionClientWithRecordedNetworkAndCredentials() {
        // The function's HTTP client for requests to the loopback interface; anything else would leave the machine,
        // so it is counted and answered here instead.
        SdkHttpClient network = new SdkHttpClient() {
            private final SdkHttpClient loopback = UrlConnectionHttpClient.create();
            private final SdkHttpClient answer =
                    new CannedHttpClient(List.of(new CannedHttpClient.Canned(200, null, "{}")));

            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                String host = request.httpRequest().host();
                if (InetAddress.getLoopbackAddress().getHostAddress().equals(host)) {
                    loopbackCalls.add(request.httpRequest().protocol() + "://" + host);
                    return loopback.prepareRequest(request);
                }
                networkCalls.incrementAndGet();
                return answer.prepareRequest(request);
            }

            @Override
            public void close() {
                loopback.close();
            }
        };
        AwsCredentialsProvider credentials = () -> {
            credentialLookups.incrementAndGet();
            return (AwsCredentials) AwsBasicCredentials.create("real", "real");
        };
        dynamo = new PrimableDynamoDb(
                network,
                credentials,
                (http, creds) -> DynamoDbClient.builder()
                        .region(Region.of(CONFIG.region()))
                        .httpClient(http)
                        .credentialsProvider(creds)
                        .build());
        Clock clock = Clock.systemUTC();
        priming = new SnapStartPriming(
                new BatchProcessor(
                        new ExactlyOnceCommitter(
                                dynamo.client(),
                                CONFIG.totalsTable().orElseThrow(),
                                CONFIG.ledgerTable(),
                                CommitSettings.defaults(),
                                clock),
                        BatchMetrics.none(),
                        clock),
                dynamo);
    }

    @Test
    void primingRunsTheWholeBatchPathOfTheFunctionsOwnClient() {
        BatchReport report = priming.prime();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.duplicates())
                .as("the canned cancellation exercised the duplicate path")
                .isEqualTo(1);
        assertThat(report.quarantined())
                .as("the malformed sample exercised the quarantine path")
                .isEqualTo(1);
    }

    @Test
    void primingSendsItsRequestsOnlyToTheLoopbackInterfaceAndResolvesNoCredentials() {
        priming.prime();

        assertThat(networkCalls).hasValue(0);
        assertThat(loopbackCalls)
                .as("the function's own HTTP client was primed, in plain HTTP to the loopback answerer")
                .isNotEmpty()
                .containsOnly("http://" + InetAddress.getLoopbackAddress().getHostAddress());
        assertThat(credentialLookups).hasValue(0);
    }

    @Test
    void restoringResolvesTheRealCredentialsOnceAndCallsNothing() {
        priming.beforeCheckpoint(null);
        assertThat(credentialLookups).hasValue(0);

        priming.afterRestore(null);

        assertThat(credentialLookups).hasValue(1);
        assertThat(networkCalls).hasValue(0);
    }

    @Test
    void theInitWarmUpRunsOneBatchOfThePrimingPath() {
        BatchReport report = priming.warmUp();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(loopbackCalls)
                .as("a cancelled transaction, then its retry without the duplicate")
                .hasSize(2);
        assertThat(networkCalls).hasValue(0);
    }

    @Test
    void afterPrimingTheClientUsesTheRealNetworkAndCredentialsAgain() {
        priming.prime();

        dynamo.client().describeLimits();

        assertThat(networkCalls).hasValue(1);
        assertThat(credentialLookups).hasPositiveValue();
    }

    @Test
    void theFunctionsPrimingPublishesNoMetrics() {
        FunctionWiring wiring = FunctionWiring.fromEnvironment(Map.of(
                "tabla_pedidos",
                "orders",
                "tabla_totales",
                "totals",
                "tabla_estado",
                "state",
                "AWS_REGION",
                "eu-west-1"));
        SnapStartPriming functionsPriming = new SnapStartPriming(wiring.primingProcessor(), wiring.dynamo());
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            functionsPriming.prime();
        } finally {
            System.setOut(stdout);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("CloudWatchMetrics");
    }
}
