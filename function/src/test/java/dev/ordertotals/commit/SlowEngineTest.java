package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.ProjectPaths;
import dev.ordertotals.testkit.Processors;
import dev.ordertotals.testsupport.FaultyDynamoDb;
import dev.ordertotals.testsupport.LocalPipeline;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * On an engine where a transaction's time grows with its size past the client's attempt timeout (the local engine
 * on a loaded machine; DynamoDB on a bad day), a batch still drains, exact: the transaction that timed out is
 * followed by smaller ones that finish, instead of the whole batch being redelivered and timing out again.
 */
class SlowEngineTest {

    private static final String DAY = "2026-11-25T08:00:00Z";
    /** 60 orders and 3 totals: about 1.6 s of engine time in one transaction, against a 1 s attempt timeout. */
    private static final Duration PER_ACTION = Duration.ofMillis(25);

    private static MotoServer slowEngine;

    @BeforeAll
    static void start() {
        slowEngine = MotoServer.startSlow(ProjectPaths.root(), PER_ACTION);
    }

    @AfterAll
    static void stop() {
        slowEngine.close();
    }

    @Test
    void aBatchWhoseTransactionOutlastsTheAttemptTimeoutDrainsExactInSmallerTransactions() {
        LocalPipeline pipeline = LocalPipeline.on(slowEngine);
        Map<String, Long> expected = new TreeMap<>();
        for (int order = 1; order <= 60; order++) {
            pipeline.tables().putOrder("o" + order, DAY, "item" + order % 3, order);
            expected.merge("2026-11-25|item" + order % 3, (long) order, Long::sum);
        }
        FaultyDynamoDb counting = new FaultyDynamoDb(functionLikeClient());

        // Lambda's event source would redeliver a failed batch from its first failed record; drain gives up after
        // five redeliveries of the same record, as a shard spinning on one batch would.
        pipeline.drain(Processors.over(pipeline, counting, CommitSettings.defaults()), 100);

        assertThat(pipeline.tables().totalsByKey()).isEqualTo(expected);
        assertThat(counting.actionsPerCall())
                .as("the first transaction held every order and timed out; smaller ones followed")
                .first()
                .isEqualTo(63);
        assertThat(counting.actionsPerCall().getLast()).isLessThan(63);
    }

    /** The function's client, its timeouts scaled down (2 s attempt, 5 s call) so the test stays short. */
    private static DynamoDbClient functionLikeClient() {
        return DynamoDbClient.builder()
                .endpointOverride(slowEngine.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(1))
                        .apiCallTimeout(Duration.ofMillis(2_500))
                        .build())
                .build();
    }
}
