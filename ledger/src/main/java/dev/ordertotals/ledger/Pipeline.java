package dev.ordertotals.ledger;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.Optional;

/**
 * One pipeline's tables as one value: the orders table whose stream feeds it, its ledger, and its aggregations (each
 * naming its totals table). What the tools, the local runner and the tests hand each other, rather than table names
 * one by one.
 *
 * @param orders the table whose stream the function reads
 * @param ledger the ledger (the stack's {@code StateTableName})
 * @param aggregations what the function keeps, as its environment configures it
 */
public record Pipeline(String orders, String ledger, Aggregations aggregations) {

    /** The source document's pipeline: its aggregation alone, into {@code totals}. */
    public static Pipeline ofOrderTotals(String orders, String totals, String ledger) {
        return new Pipeline(orders, ledger, Aggregations.orderTotals(totals));
    }

    /** The same tables with other aggregations. */
    public Pipeline with(Aggregations other) {
        return new Pipeline(orders, ledger, other);
    }

    /** The totals table of the source document's aggregation, when the pipeline keeps it. */
    public Optional<String> orderTotalsTable() {
        return aggregations.all().stream()
                .filter(aggregation -> aggregation.name().equals(Aggregation.ORDER_TOTALS))
                .map(Aggregation::table)
                .findFirst();
    }
}
