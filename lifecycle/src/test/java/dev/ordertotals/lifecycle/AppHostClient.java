package dev.ordertotals.lifecycle;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code --app} the CLI runs in {@link DeployLifecycleTest}: sends the environment the CLI set for the app
 * (every {@code CDK_*} variable and the context overflow file's location) to the {@link AppHost} at the given URL,
 * which synthesizes the app from it. Exits 0 when the synthesis succeeded, else prints why and exits 1. JDK only.
 */
public final class AppHostClient {

    private AppHostClient() {}

    public static void main(String[] args) throws Exception {
        Properties environment = new Properties();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            if (variable.getKey().startsWith("CDK_") || variable.getKey().equals("CONTEXT_OVERFLOW_LOCATION_ENV")) {
                environment.setProperty(variable.getKey(), variable.getValue());
            }
        }
        StringWriter body = new StringWriter();
        environment.store(body, null);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(args[0]))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("The app failed in the test's JVM:\n" + response.body());
                System.exit(1);
            }
        }
    }
}
