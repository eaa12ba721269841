package dev.ordertotals.contract;

/**
 * The tags by which the pipeline's resources identify each other. The stack puts them on what it creates; the
 * operator tools read them (DynamoDB {@code ListTagsOfResource}, SQS {@code ListQueueTags}) before they read or
 * write anything, and refuse tables, or a queue, that are not one pipeline's: a mistyped table name must not let
 * {@code reconcile} or {@code replay} move another pipeline's totals.
 *
 * <ul>
 *   <li>{@link #PIPELINE} on the totals table, the ledger, the on-failure queue and the orders table when the stack
 *       creates it: the stack's id ({@code AWS::StackId}, unique even across a stack deleted and created again).
 *   <li>{@link #ROLE} on the same resources: which of them it is.
 *   <li>{@link #ORDERS_TABLE} on the totals table, the ledger and the queue: the name of the orders table whose
 *       stream the pipeline aggregates. It also covers an existing orders table the stack attaches to, which the
 *       stack does not own and so does not tag.
 * </ul>
 */
public final class PipelineTags {

    public static final String PIPELINE = "order-totals:pipeline";
    public static final String ROLE = "order-totals:role";
    public static final String ORDERS_TABLE = "order-totals:orders-table";

    /** {@link #ROLE} values. */
    public static final String ROLE_ORDERS = "orders";

    public static final String ROLE_TOTALS = "totals";
    public static final String ROLE_LEDGER = "ledger";
    public static final String ROLE_ON_FAILURE_QUEUE = "on-failure-queue";

    private PipelineTags() {}
}
