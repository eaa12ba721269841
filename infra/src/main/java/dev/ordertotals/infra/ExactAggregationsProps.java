package dev.ordertotals.infra;

import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.dynamodb.ITable;

/**
 * What {@link ExactAggregations} is built from.
 *
 * @param settings the pipeline's settings ({@link OrderTotalsSettings}: batch size, retries, key, log levels, ...)
 * @param ordersTable an orders table of the app's own, with a {@code NEW_AND_OLD_IMAGES} stream, whose stream feeds
 *     the function; when empty, the construct creates the orders table (or attaches to
 *     {@link OrderTotalsSettings#existingOrders()}, if set)
 * @param aggregations aggregations added to the default one ({@link Aggregation#orderTotals}, unless
 *     {@code keepOrderTotals} is false), each {@code table} a label ({@link DeclaredAggregations}):
 *     {@value DeclaredAggregations#DEFAULT_TABLE} for the default totals table, else a totals table the construct
 *     creates; default: none
 * @param keepOrderTotals whether the construct keeps the default aggregation (per day and item, the sum of
 *     {@code quantity}) in a totals table of its own; default: true. False for a source table of another shape (page
 *     views, say): then only {@code aggregations} are kept, at least one is required, none may go to
 *     {@value DeclaredAggregations#DEFAULT_TABLE}, and the function gets no {@code tabla_totales}
 */
public record ExactAggregationsProps(
        OrderTotalsSettings settings,
        Optional<ITable> ordersTable,
        List<Aggregation> aggregations,
        boolean keepOrderTotals) {

    public ExactAggregationsProps {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ordersTable, "ordersTable");
        aggregations = List.copyOf(aggregations);
        if (ordersTable.isPresent() && settings.existingOrders().isPresent()) {
            throw new IllegalArgumentException("ExactAggregations: ordersTable and the setting "
                    + OrderTotalsSettings.Keys.EXISTING_ORDERS_TABLE_NAME
                    + " both name the orders table; set one of them");
        }
        try {
            DeclaredAggregations.check(aggregations, settings.metricsNamespace(), keepOrderTotals);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("ExactAggregations: " + invalid.getMessage(), invalid);
        }
    }

    /** With the default aggregation kept beside {@code aggregations}. */
    public ExactAggregationsProps(
            OrderTotalsSettings settings, Optional<ITable> ordersTable, List<Aggregation> aggregations) {
        this(settings, ordersTable, aggregations, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ExactAggregationsProps}; only {@code settings} is required. */
    public static final class Builder {

        private OrderTotalsSettings settings;
        private ITable ordersTable;
        private List<Aggregation> aggregations = List.of();
        private boolean keepOrderTotals = true;

        private Builder() {}

        public Builder settings(OrderTotalsSettings settings) {
            this.settings = settings;
            return this;
        }

        /** An orders table the app already has (created with a stream, or imported with its stream ARN). */
        public Builder ordersTable(ITable ordersTable) {
            this.ordersTable = ordersTable;
            return this;
        }

        /** Aggregations beside the default one (or instead of it: {@link #keepOrderTotals}), each into a table label. */
        public Builder aggregations(List<Aggregation> aggregations) {
            this.aggregations = Objects.requireNonNull(aggregations, "aggregations");
            return this;
        }

        /**
         * False: keep only the declared aggregations, without the default one and its totals table (for a source
         * table that holds no orders).
         */
        public Builder keepOrderTotals(boolean keepOrderTotals) {
            this.keepOrderTotals = keepOrderTotals;
            return this;
        }

        public ExactAggregationsProps build() {
            return new ExactAggregationsProps(
                    settings, Optional.ofNullable(ordersTable), aggregations, keepOrderTotals);
        }
    }
}
