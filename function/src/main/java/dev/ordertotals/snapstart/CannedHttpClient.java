package dev.ordertotals.snapstart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never touches the network: it answers requests with canned DynamoDB responses, in turn
 * and then over again. Priming drives the real SDK pipeline (marshalling, signing, retries, unmarshalling of
 * results and of errors) through it, so nothing is written anywhere before a snapshot.
 */
final class CannedHttpClient implements SdkHttpClient {

    /** One canned answer: HTTP status, DynamoDB error type (or null) and JSON body. */
    record Canned(int status, String errorType, String body) {}

    private final List<Canned> answers;
    private final AtomicInteger next = new AtomicInteger();

    CannedHttpClient(List<Canned> answers) {
        this.answers = List.copyOf(answers);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Canned canned = answers.get(Math.floorMod(next.getAndIncrement(), answers.size()));
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                SdkHttpResponse.Builder response = SdkHttpResponse.builder()
                        .statusCode(canned.status())
                        .putHeader("Content-Type", "application/x-amz-json-1.0");
                if (canned.errorType() != null) {
                    response.putHeader("x-amzn-ErrorType", canned.errorType());
                }
                byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public String clientName() {
        return "canned";
    }

    @Override
    public void close() {}
}
