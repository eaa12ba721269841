package dev.ordertotals.localengine.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.aggregation.OrderReading;
import dev.ordertotals.stream.OrderImages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In the local runner's tests: it checks the generator against the function's rules, which local-engine cannot see. */
class RandomOrdersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSameSeedGivesTheSameWrites() {
        assertThat(generate(7)).isEqualTo(generate(7)).isNotEqualTo(generate(8));
    }

    @Test
    void ordersComeWithChangesCancellationsAndSomeMalformedOnes() {
        List<OrderWrite> writes = generate(42);

        assertThat(writes).filteredOn(OrderWrite.SetQuantity.class::isInstance).isNotEmpty();
        assertThat(writes).filteredOn(OrderWrite.Delete.class::isInstance).isNotEmpty();
        Aggregations orderTotals = Aggregations.orderTotals("totals");
        List<OrderReading> readings = writes.stream()
                .filter(OrderWrite.Put.class::isInstance)
                .map(write -> orderTotals.read(OrderImages.of(((OrderWrite.Put) write).item())))
                .toList();
        assertThat(readings).filteredOn(OrderReading::isMalformed).isNotEmpty();
        assertThat(readings)
                .filteredOn(reading -> !reading.contribution().isEmpty())
                .hasSizeGreaterThan(readings.size() * 8 / 10);
    }

    private static List<OrderWrite> generate(long seed) {
        return new RandomOrders(seed, "order_id", "S", 5, CLOCK).writes(300);
    }
}
