package dev.ordertotals.snapstart;

import java.io.IOException;
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
 * The function's one DynamoDB client, with two switches used only while priming: its requests go to canned
 * answers on the loopback interface ({@link LoopbackAnswers}, through the real HTTP client; in memory from
 * {@link CannedHttpClient} where no loopback socket can be opened) instead of DynamoDB, and it signs with dummy
 * credentials instead of resolving real ones. Priming this very instance warms its per-client state (endpoint
 * rules, signer, retry strategy, marshallers, HTTP client) as well as the code; the real credential provider is
 * untouched and the only connections opened go to the loopback answerer, closed when priming ends, so nothing from
 * before the snapshot is reused after a restore.
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
        LoopbackAnswers loopback = startLoopback(answers);
        http.loopback = loopback;
        http.canned = loopback == null ? new CannedHttpClient(answers) : null;
        credentials.priming = true;
        try {
            return work.get();
        } finally {
            http.loopback = null;
            http.canned = null;
            credentials.priming = false;
            if (loopback != null) {
                loopback.close();
            }
        }
    }

    /** The answers on a loopback socket, through the real HTTP client; null (answers in memory) without one. */
    private static LoopbackAnswers startLoopback(List<CannedHttpClient.Canned> answers) {
        try {
            return LoopbackAnswers.start(answers);
        } catch (IOException | RuntimeException noLoopback) {
            return null;
        }
    }

    private static final class Switchable implements SdkHttpClient {
        private final SdkHttpClient real;
        private volatile LoopbackAnswers loopback;
        private volatile CannedHttpClient canned;

        Switchable(SdkHttpClient real) {
            this.real = real;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            LoopbackAnswers answeringSocket = loopback;
            if (answeringSocket != null) {
                return real.prepareRequest(toLoopback(request, answeringSocket));
            }
            CannedHttpClient answering = canned;
            return answering != null ? answering.prepareRequest(request) : real.prepareRequest(request);
        }

        /** The same signed request, sent in plain HTTP to the loopback answerer instead of DynamoDB's endpoint. */
        private static HttpExecuteRequest toLoopback(HttpExecuteRequest request, LoopbackAnswers loopback) {
            return HttpExecuteRequest.builder()
                    .request(request.httpRequest().toBuilder()
                            .protocol("http")
                            .host(loopback.host())
                            .port(loopback.port())
                            .build())
                    .contentStreamProvider(request.contentStreamProvider().orElse(null))
                    .metricCollector(request.metricCollector().orElse(null))
                    .build();
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

    /** Resolves the real credentials now (after a restore), so the first call finds them cached. */
    void resolveCredentials() {
        credentials.real.resolveCredentials();
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
