package dev.ordertotals.snapstart;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function's one DynamoDB client, with two switches used only while priming for a SnapStart snapshot:
 * its HTTP layer answers from {@link CannedHttpClient} instead of the network, and it signs with dummy
 * credentials instead of resolving real ones. Priming this very instance warms its per-client state (endpoint
 * rules, signer, retry strategy, marshallers) as well as the code; the real credential provider and connection
 * pool stay untouched, so nothing from before the snapshot is reused after a restore.
 */
public final class PrimableDynamoDb {

    private static final AwsCredentials DUMMY = AwsBasicCredentials.create("priming", "priming");

    private final Switchable http;
    private final SwitchableCredentials credentials;
    private final DynamoDbClient client;

    public PrimableDynamoDb(
            SdkHttpClient realHttp,
            AwsCredentialsProvider realCredentials,
            BiFunction<SdkHttpClient, AwsCredentialsProvider, DynamoDbClient> build) {
        this.http = new Switchable(realHttp);
        this.credentials = new SwitchableCredentials(realCredentials);
        this.client = build.apply(http, credentials);
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Runs {@code work} with the network replaced by {@code answers} and dummy credentials. */
    <T> T offline(List<CannedHttpClient.Canned> answers, Supplier<T> work) {
        http.canned = new CannedHttpClient(answers);
        credentials.priming = true;
        try {
            return work.get();
        } finally {
            http.canned = null;
            credentials.priming = false;
        }
    }

    private static final class Switchable implements SdkHttpClient {
        private final SdkHttpClient real;
        private volatile CannedHttpClient canned;

        Switchable(SdkHttpClient real) {
            this.real = real;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            CannedHttpClient answering = canned;
            return answering != null ? answering.prepareRequest(request) : real.prepareRequest(request);
        }

        @Override
        public String clientName() {
            return real.clientName();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private static final class SwitchableCredentials implements AwsCredentialsProvider {
        private final AwsCredentialsProvider real;
        private volatile boolean priming;

        SwitchableCredentials(AwsCredentialsProvider real) {
            this.real = real;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return priming ? DUMMY : real.resolveCredentials();
        }
    }
}
