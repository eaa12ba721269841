package dev.ordertotals.aggregation;

import static dev.ordertotals.aggregation.TestOrders.image;
import static dev.ordertotals.aggregation.TestOrders.key;
import static dev.ordertotals.aggregation.TestOrders.n;
import static dev.ordertotals.aggregation.TestOrders.part;
import static dev.ordertotals.aggregation.TestOrders.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.contract.aggregation.Transform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys made by {@code value}: strings only, within DynamoDB's key limits (partition 2,048 bytes, sort 1,024). */
class GroupKeyTest {

    /** Keyed by {@code customer} alone (the partition key): the total orders per customer. */
    private static final AggregationRules PER_CUSTOMER = new AggregationRules(TestOrders.aggregation(
            "orders_per_customer",
            "c",
            List.of(key("customer", "customer_id", Transform.VALUE)),
            List.of(new Measure.Count("orders"))));

    /** Keyed by {@code customer}, then {@code item} (the sort key). */
    private static final AggregationRules PER_CUSTOMER_AND_ITEM = new AggregationRules(TestOrders.aggregation(
            "orders_per_customer_item",
            "ci",
            List.of(key("customer", "customer_id", Transform.VALUE), key("item", "item_id", Transform.VALUE)),
            List.of(new Measure.Count("orders"))));

    @Test
    void aValueKeyThatIsANumberIsMalformed() {
        assertThat(PER_CUSTOMER.read(image("customer_id", n("42"))))
                .isEqualTo(new ImageReading.Invalid("customer_id must be a string (S), got N"));
    }

    @Test
    void aValueKeyOfAnotherTypeIsMalformed() {
        assertThat(PER_CUSTOMER.read(image("customer_id", new FieldValue.OtherType("BOOL"))))
                .isEqualTo(new ImageReading.Invalid("customer_id must be a string (S), got BOOL"));
    }

    @Test
    void anEmptyValueKeyIsAbsent() {
        assertThat(PER_CUSTOMER.read(image("customer_id", s(""))))
                .isEqualTo(new ImageReading.NotCounted("missing customer_id"));
    }

    @Test
    void aPartitionKeyMayTake2048Bytes() {
        String longest = "c".repeat(2_048);

        assertThat(PER_CUSTOMER.read(image("customer_id", s(longest))))
                .isEqualTo(new ImageReading.Counted(part(List.of(longest), "orders", 1)));
    }

    @Test
    void aPartitionKeyOver2048BytesIsMalformed() {
        assertThat(PER_CUSTOMER.read(image("customer_id", s("c".repeat(2_049)))))
                .isEqualTo(new ImageReading.Invalid("customer_id is longer than 2048 bytes"));
    }

    @Test
    void aPartitionKeyIsMeasuredInUtf8BytesNotCharacters() {
        String euros = "€".repeat(683); // 683 characters, 2,049 bytes

        assertThat(PER_CUSTOMER.read(image("customer_id", s(euros))))
                .isEqualTo(new ImageReading.Invalid("customer_id is longer than 2048 bytes"));
    }

    @Test
    void aSortKeyMayTake1024Bytes() {
        String longest = "i".repeat(1_024);

        assertThat(PER_CUSTOMER_AND_ITEM.read(image("customer_id", s("c"), "item_id", s(longest))))
                .isEqualTo(new ImageReading.Counted(part(List.of("c", longest), "orders", 1)));
    }

    @Test
    void aSortKeyOver1024BytesIsMalformedThoughItWouldFitAPartitionKey() {
        assertThat(PER_CUSTOMER_AND_ITEM.read(image("customer_id", s("c"), "item_id", s("i".repeat(1_025)))))
                .isEqualTo(new ImageReading.Invalid("item_id is longer than 1024 bytes"));
    }

    @Test
    void aPartitionKeyOver1024BytesBesideASortKeyIsValid() {
        String partition = "c".repeat(2_000);

        assertThat(PER_CUSTOMER_AND_ITEM.read(image("customer_id", s(partition), "item_id", s("i"))))
                .isEqualTo(new ImageReading.Counted(part(List.of(partition, "i"), "orders", 1)));
    }
}
