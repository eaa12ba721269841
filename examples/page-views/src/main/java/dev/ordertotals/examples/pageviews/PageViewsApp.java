package dev.ordertotals.examples.pageviews;

import dev.ordertotals.infra.OrderTotalsSettings;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The page-views CDK app: one {@link PageViewsStack}. The pipeline's settings (batch size, retries, the function jar,
 * the key, ...) come from the CDK context under the order app's keys ({@link OrderTotalsSettings.Keys}), with the same
 * defaults.
 */
public final class PageViewsApp {

    public static final String STACK_NAME = "PageViews";

    private PageViewsApp() {}

    public static void main(String[] args) {
        App app = new App();
        define(app, Path.of("").toAbsolutePath());
        app.synth();
    }

    /** Adds the stack to {@code app}, configured from its context; {@code projectRoot} anchors the function jar. */
    public static PageViewsStack define(App app, Path projectRoot) {
        return new PageViewsStack(
                app,
                STACK_NAME,
                StackProps.builder()
                        .description("Exact page views and seconds per day and page, from a DynamoDB stream")
                        .build(),
                OrderTotalsSettings.fromContext(app.getNode(), projectRoot));
    }
}
