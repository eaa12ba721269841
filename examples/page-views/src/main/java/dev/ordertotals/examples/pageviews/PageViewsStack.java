package dev.ordertotals.examples.pageviews;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.GroupKey;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import dev.ordertotals.infra.ExactAggregations;
import dev.ordertotals.infra.ExactAggregationsProps;
import dev.ordertotals.infra.OrderTotalsSettings;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * Page views, counted exactly per day and page. The app writes one item per view into its own {@code PageViews}
 * table ({@code view_id}, {@code page}, {@code viewed_at} as ISO-8601, {@code seconds} on the page); the
 * {@link ExactAggregations} construct reads that table's stream and keeps, per day and page, how many views there
 * are and how many seconds they add up to, in a totals table it creates ({@code PageTotals}). A view changed or
 * deleted moves its old figures out and its new ones in; a view whose {@code seconds} is not a whole number is
 * quarantined in the ledger, naming the aggregation, and counts nowhere until it is fixed.
 */
public final class PageViewsStack extends Stack {

    /** The label of the totals table: its construct id, and {@code PageTotalsTableName} its output. */
    public static final String PAGE_TOTALS = "PageTotals";

    /** Per day ({@code viewed_at}'s date, as written) and page: the number of views and the sum of their seconds. */
    public static final Aggregation VIEWS_PER_DAY_AND_PAGE = new Aggregation(
            "views_per_day_and_page",
            PAGE_TOTALS,
            List.of(new GroupKey("day", "viewed_at", Transform.DATE), new GroupKey("page", "page", Transform.VALUE)),
            List.of(new Measure.Count("views"), new Measure.Sum("seconds", "seconds")),
            Optional.empty());

    private final Table pageViews;
    private final ExactAggregations viewTotals;

    public PageViewsStack(Construct scope, String id, StackProps props, OrderTotalsSettings settings) {
        super(scope, id, props);

        // The app's own table. The construct needs a stream with both images: a change subtracts the old figures.
        this.pageViews = Table.Builder.create(this, "PageViews")
                .partitionKey(Attribute.builder()
                        .name("view_id")
                        .type(AttributeType.STRING)
                        .build())
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .removalPolicy(settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        // Only this aggregation: page views are not orders, so no order totals (keepOrderTotals(false)).
        this.viewTotals = new ExactAggregations(
                this,
                "ViewTotals",
                ExactAggregationsProps.builder()
                        .settings(settings)
                        .ordersTable(pageViews)
                        .aggregations(List.of(VIEWS_PER_DAY_AND_PAGE))
                        .keepOrderTotals(false)
                        .build());

        CfnOutput.Builder.create(this, "PageViewsTableName")
                .value(pageViews.getTableName())
                .description("Write page views here")
                .build();
        CfnOutput.Builder.create(this, PAGE_TOTALS + "TableName")
                .value(pageTotals().getTableName())
                .description("Views and seconds per day and page")
                .build();
    }

    public Table pageViews() {
        return pageViews;
    }

    /** The totals table the construct created for {@value #PAGE_TOTALS}. */
    public Table pageTotals() {
        return viewTotals.totalsTable(PAGE_TOTALS).table();
    }

    public ExactAggregations viewTotals() {
        return viewTotals;
    }
}
