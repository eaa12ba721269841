package dev.ordertotals.infra;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An orders table the stack does not own: the aggregator attaches to its stream instead of creating a table. Set
 * with the context keys {@code existingOrdersTableName} and {@code existingOrdersStreamArn} (both, or neither), and
 * optionally {@code existingOrdersStreamViewType}, which must then be {@code NEW_AND_OLD_IMAGES}: the aggregation
 * needs both images of every change. The stream's real view type cannot be read offline; a wrong one shows up as
 * records without images, which the function quarantines.
 */
public record ExistingOrdersTable(String tableName, String streamArn) {

    /** {@code arn:<partition>:dynamodb:<region>:<account>:table/<name>/stream/<label>} */
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/([A-Za-z0-9_.-]{3,255})/stream/.+");

    public static final String REQUIRED_VIEW_TYPE = "NEW_AND_OLD_IMAGES";

    /**
     * The attachment the context asks for, if any; fails naming the key when it is incomplete or inconsistent.
     */
    public static Optional<ExistingOrdersTable> from(
            Optional<String> tableName, Optional<String> streamArn, Optional<String> viewType) {
        if (tableName.isEmpty() && streamArn.isEmpty()) {
            viewType.ifPresent(type -> {
                throw new IllegalArgumentException(OrderTotalsSettings.Keys.EXISTING_ORDERS_STREAM_VIEW_TYPE
                        + " is set but " + OrderTotalsSettings.Keys.EXISTING_ORDERS_TABLE_NAME
                        + " is not: name the existing orders table too");
            });
            return Optional.empty();
        }
        String name = tableName.orElseThrow(
                () -> new IllegalArgumentException(OrderTotalsSettings.Keys.EXISTING_ORDERS_TABLE_NAME
                        + " is missing: set it with " + OrderTotalsSettings.Keys.EXISTING_ORDERS_STREAM_ARN
                        + " to attach to an existing orders table"));
        String arn = streamArn.orElseThrow(
                () -> new IllegalArgumentException(
                        OrderTotalsSettings.Keys.EXISTING_ORDERS_STREAM_ARN
                                + " is missing: the aggregator reads the table's stream. Enable it (aws dynamodb update-table --table-name "
                                + name
                                + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES) and pass its LatestStreamArn"));
        Matcher matcher = STREAM_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(OrderTotalsSettings.Keys.EXISTING_ORDERS_STREAM_ARN + "=" + arn
                    + " is not a DynamoDB stream ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL)");
        }
        if (!matcher.group(1).equals(name)) {
            throw new IllegalArgumentException(
                    OrderTotalsSettings.Keys.EXISTING_ORDERS_STREAM_ARN + " is the stream of table " + matcher.group(1)
                            + ", not of " + OrderTotalsSettings.Keys.EXISTING_ORDERS_TABLE_NAME + "=" + name);
        }
        viewType.filter(type -> !type.equals(REQUIRED_VIEW_TYPE)).ifPresent(type -> {
            throw new IllegalArgumentException(
                    OrderTotalsSettings.Keys.EXISTING_ORDERS_STREAM_VIEW_TYPE + "=" + type + ": the aggregator needs "
                            + REQUIRED_VIEW_TYPE + " (both images of every change); change the table's stream");
        });
        return Optional.of(new ExistingOrdersTable(name, arn));
    }
}
