package dev.ordertotals.infra;

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
 */
public record ExactAggregationsProps(OrderTotalsSettings settings, Optional<ITable> ordersTable) {

    public ExactAggregationsProps {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ordersTable, "ordersTable");
        if (ordersTable.isPresent() && settings.existingOrders().isPresent()) {
            throw new IllegalArgumentException("ExactAggregations: ordersTable and the setting "
                    + OrderTotalsSettings.Keys.EXISTING_ORDERS_TABLE_NAME
                    + " both name the orders table; set one of them");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ExactAggregationsProps}; only {@code settings} is required. */
    public static final class Builder {

        private OrderTotalsSettings settings;
        private ITable ordersTable;

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

        public ExactAggregationsProps build() {
            return new ExactAggregationsProps(settings, Optional.ofNullable(ordersTable));
        }
    }
}
