package dev.ordertotals.localengine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads CloudWatch alarms and dashboards from the local engine. The SDK's CloudWatch client (2.57.8) speaks only
 * the Smithy RPC v2 CBOR protocol, which moto 5.2.5 does not serve (HTTP 404); CloudWatch's JSON protocol, which
 * moto does serve, takes these few lines. moto checks no signature, so none is computed.
 */
public final class LocalCloudWatch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "GraniteServiceVersion20100801.";

    private final URI endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LocalCloudWatch(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Every metric alarm, as DescribeAlarms returns it ({@code AlarmName}, {@code MetricName}, {@code Dimensions}, ...). */
    public List<JsonNode> metricAlarms() {
        List<JsonNode> alarms = new ArrayList<>();
        call("DescribeAlarms", Map.of()).path("MetricAlarms").forEach(alarms::add);
        return alarms;
    }

    public List<String> dashboardNames() {
        List<String> names = new ArrayList<>();
        call("ListDashboards", Map.of())
                .path("DashboardEntries")
                .forEach(entry -> names.add(entry.path("DashboardName").asText()));
        return names;
    }

    /** The dashboard's body, parsed. */
    public JsonNode dashboardBody(String name) {
        try {
            return JSON.readTree(call("GetDashboard", Map.of("DashboardName", name))
                    .path("DashboardBody")
                    .asText());
        } catch (IOException e) {
            throw new IllegalStateException("dashboard " + name + " has a body that is not JSON", e);
        }
    }

    private JsonNode call(String action, Map<String, String> parameters) {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Amz-Target", TARGET_PREFIX + action)
                    .header("Content-Type", "application/x-amz-json-1.0")
                    // moto routes a request to a service by the credential scope of its Authorization header.
                    .header(
                            "Authorization",
                            "AWS4-HMAC-SHA256 Credential=" + MotoServer.ACCESS_KEY + "/20260101/" + MotoServer.REGION
                                    + "/monitoring/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(parameters)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "CloudWatch " + action + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("CloudWatch " + action + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during CloudWatch " + action, e);
        }
    }
}
