package dev.ordertotals.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code npx cdk synth|deploy|diff|destroy} from the project root run this through cdk.json. */
public final class OrderTotalsApp {

    public static final String STACK_NAME = "OrderTotals";

    private OrderTotalsApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        // The CLI runs the app from the project root, where the function jar path is anchored.
        OrderTotalsSettings settings = OrderTotalsSettings.fromContext(app.getNode(), Path.of("").toAbsolutePath());
        new OrderTotalsStack(app, STACK_NAME, StackProps.builder()
                // Environment-agnostic: deploy takes account and region from the credentials; synth needs neither.
                .description("Exact per-day, per-item order totals from a DynamoDB stream")
                .build(), settings);
        app.synth();
    }
}
