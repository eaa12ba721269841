package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class BufferedBodyHttpClientTest {

    private final AtomicReference<HttpExecuteRequest> sent = new AtomicReference<>();

    private final SdkHttpClient capturing = new SdkHttpClient() {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            sent.set(request);
            return null;
        }

        @Override
        public void close() {}
    };

    @Test
    void theUrlConnectionClientGetsTheSignedRequestWithoutContentLengthSoItDoesNotStreamTheBody() {
        ContentStreamProvider body = ContentStreamProvider.fromUtf8String("{\"TransactItems\":[]}");
        SdkHttpRequest signed = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("https://dynamodb.eu-west-1.amazonaws.com/"))
                .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=content-length;host, …")
                .putHeader("Content-Length", "20")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.TransactWriteItems")
                .build();

        new BufferedBodyHttpClient(capturing)
                .prepareRequest(HttpExecuteRequest.builder()
                        .request(signed)
                        .contentStreamProvider(body)
                        .build());

        HttpExecuteRequest request = sent.get();
        assertThat(request.httpRequest().firstMatchingHeader("Content-Length")).isEmpty();
        assertThat(request.httpRequest().headers()).containsOnlyKeys("Authorization", "X-Amz-Target");
        assertThat(request.httpRequest().firstMatchingHeader("Authorization"))
                .isEqualTo(signed.firstMatchingHeader("Authorization"));
        assertThat(request.httpRequest().getUri()).isEqualTo(signed.getUri());
        assertThat(request.httpRequest().method()).isEqualTo(SdkHttpMethod.POST);
        assertThat(request.contentStreamProvider()).contains(body);
    }

    @Test
    void theBodyArrivesWhole() throws Exception {
        ContentStreamProvider body = ContentStreamProvider.fromUtf8String("{}");
        new BufferedBodyHttpClient(capturing)
                .prepareRequest(HttpExecuteRequest.builder()
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://127.0.0.1:1/"))
                                .build())
                        .contentStreamProvider(body)
                        .build());

        assertThat(new String(
                        sent.get()
                                .contentStreamProvider()
                                .orElseThrow()
                                .newStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }
}
