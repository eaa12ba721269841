package dev.ordertotals.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.Contribution;
import dev.ordertotals.aggregation.TestOrders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** The largest ledger write the committer ever builds stays within DynamoDB's 4 KB and 300 operators per expression. */
class LedgerWriteSizeTest {

    private static final Contribution COUNTED =
            TestOrders.contribution("daily_item_quantity", TestOrders.dailyItem("2026-11-25", "item", 5));

    private final LedgerUpdates updates = new LedgerUpdates("ledger", Duration.ofDays(7));

    /** Every form of a write's expectation: the longest condition is among them. */
    static Stream<Expected> expectations() {
        return Stream.of(
                new Expected.FromImage(COUNTED),
                new Expected.FromImage(Contribution.NONE),
                new Expected.AsRead(COUNTED, 0),
                new Expected.AsRead(COUNTED, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @MethodSource("expectations")
    void aRunOfTheMostRecordsOneWriteTakesFitsDynamoDbsExpressionLimit(Expected expected) {
        List<String> eventIds = IntStream.range(0, LedgerUpdates.MAX_EVENTS_PER_WRITE)
                .mapToObj(index -> "%032x".formatted(index))
                .toList();
        LedgerWrite write = new LedgerWrite(
                "A",
                Map.of("order_id", AttributeValue.fromS("A")),
                COUNTED,
                Optional.of(new LedgerWrite.Quarantine("malformed", "why", "e", Optional.empty())),
                true);

        Update update = updates.streamMove(write, expected, eventIds, Instant.parse("2026-11-25T08:00:00Z"));

        assertThat(bytes(update.conditionExpression())).isLessThanOrEqualTo(UpdateExpression.MAX_EXPRESSION_BYTES);
        assertThat(bytes(update.updateExpression())).isLessThanOrEqualTo(UpdateExpression.MAX_EXPRESSION_BYTES);
        assertThat(bytes(update.conditionExpression()))
                .as("with room to spare: the limit is DynamoDB's, not ours to graze")
                .isLessThan(UpdateExpression.MAX_EXPRESSION_BYTES * 3 / 4);
        assertThat(operators(update.conditionExpression()))
                .as("DynamoDB counts comparators, AND, OR, NOT and functions: at most 300")
                .isLessThan(250);
    }

    private static long operators(String expression) {
        return Pattern.compile("\\bAND\\b|\\bOR\\b|\\bNOT\\b|<>|<=|>=|[=<>]|\\w+\\(")
                .matcher(expression)
                .results()
                .count();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
