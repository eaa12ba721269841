package dev.ordertotals.infra;

import dev.ordertotals.contract.StackOutputNames;
import dev.ordertotals.contract.aggregation.Aggregation;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code npx cdk synth|deploy|diff|destroy} from the project root run this through cdk.json. */
public final class OrderTotalsApp {

    public static final String STACK_NAME = StackOutputNames.DEFAULT_STACK_NAME;

    private OrderTotalsApp() {}

    public static void main(String[] args) {
        App app = new App();
        OrderTotalsSettings settings;
        List<Aggregation> aggregations;
        try {
            // The CLI runs the app from the project root, where the function jar path is anchored.
            settings =
                    OrderTotalsSettings.fromContext(app.getNode(), Path.of("").toAbsolutePath());
            aggregations = DeclaredAggregations.fromContext(app.getNode(), settings);
        } catch (IllegalArgumentException | IllegalStateException invalid) {
            // A setting to fix (a value, a key, the jar): its one line, not Maven's report of a failed goal around it.
            System.err.println("error: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        define(app, settings, aggregations);
        app.synth();
    }

    /**
     * Adds the stack to {@code app}, configured from the app's context, and the cdk-nag checks (AwsSolutions, NIST
     * 800-53 rev 5, HIPAA Security): what {@code cdk synth} runs and what the tests synthesize, so an unsuppressed
     * finding of any pack fails both.
     */
    public static OrderTotalsStack define(App app, Path projectRoot) {
        return define(app, OrderTotalsSettings.fromContext(app.getNode(), projectRoot));
    }

    /**
     * As {@link #define(App, Path)}, with the settings already read from the app's context (the declared aggregations
     * are read from it here).
     */
    public static OrderTotalsStack define(App app, OrderTotalsSettings settings) {
        return define(app, settings, DeclaredAggregations.fromContext(app.getNode(), settings));
    }

    /** As {@link #define(App, Path)}, with the settings and the declared aggregations already read. */
    public static OrderTotalsStack define(App app, OrderTotalsSettings settings, List<Aggregation> aggregations) {
        OrderTotalsStack stack = new OrderTotalsStack(
                app,
                STACK_NAME,
                StackProps.builder()
                        // Environment-agnostic: deploy takes account and region from the credentials; synth needs
                        // neither.
                        .description("Exact per-day, per-item order totals from a DynamoDB stream")
                        .build(),
                settings,
                aggregations);
        Aspects.of(app).add(new AwsSolutionsChecks());
        Aspects.of(app).add(new NIST80053R5Checks());
        Aspects.of(app).add(new HIPAASecurityChecks());
        return stack;
    }
}
