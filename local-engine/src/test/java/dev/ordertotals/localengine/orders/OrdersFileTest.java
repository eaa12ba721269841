package dev.ordertotals.localengine.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class OrdersFileTest {

    private static final List<String> KEY = List.of("order_id");

    @Test
    void plainJsonBecomesTypedAttributesWithNumbersInPlainDigits() {
        OrderWrite write = OrdersFile.write(
                "{\"order_id\": \"1\", \"quantity\": 1E+2, \"gift\": true, \"note\": null, \"tags\": [\"a\"], \"box\": {\"w\": 2}}",
                KEY);

        assertThat(write)
                .isEqualTo(new OrderWrite.Put(Map.of(
                        "order_id", AttributeValue.fromS("1"),
                        "quantity", AttributeValue.fromN("100"),
                        "gift", AttributeValue.fromBool(true),
                        "note", AttributeValue.fromNul(true),
                        "tags", AttributeValue.fromL(List.of(AttributeValue.fromS("a"))),
                        "box", AttributeValue.fromM(Map.of("w", AttributeValue.fromN("2"))))));
    }

    @Test
    void dynamoDbJsonIsTakenAsTyped() {
        OrderWrite write = OrdersFile.write(
                "{\"order_id\": {\"S\": \"1\"}, \"quantity\": {\"N\": \"10\"}, \"item_id\": {\"N\": \"312\"}}", KEY);

        assertThat(write)
                .isEqualTo(new OrderWrite.Put(Map.of(
                        "order_id",
                        AttributeValue.fromS("1"),
                        "quantity",
                        AttributeValue.fromN("10"),
                        "item_id",
                        AttributeValue.fromN("312"))));
    }

    @Test
    void aDeleteLineNamesTheKey() {
        assertThat(OrdersFile.write("{\"delete\": {\"order_id\": \"7\"}}", KEY))
                .isEqualTo(new OrderWrite.Delete(Map.of("order_id", AttributeValue.fromS("7"))));
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertThatThrownBy(() -> OrdersFile.write("[1, 2]", KEY)).hasMessage("not a JSON object");
        assertThatThrownBy(() -> OrdersFile.write("{\"item_id\": \"x\"}", KEY)).hasMessage("no key attribute order_id");
        assertThatThrownBy(() -> OrdersFile.write("{oops", KEY)).hasMessageStartingWith("not JSON");
    }
}
