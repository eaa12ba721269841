package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The aggregator's state table: the per-order ledger under pk/sk, tombstones expiring, quarantine listed by a sparse index. */
class LedgerTableSpecTest {

    private static Map<String, Object> state;

    @BeforeAll
    static void synthesize() {
        Synthesized deployed = SynthesizedStack.deployedStack();
        state = deployed.properties(deployed.stack().ledger().table());
    }

    @Test
    void stateTableIsKeyedByPkThenSk() {
        assertThat(state.get("KeySchema"))
                .isEqualTo(List.of(
                        Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")));
    }

    @Test
    void keyAndQuarantineIndexAttributesAreStrings() {
        assertThat(state.get("AttributeDefinitions"))
                .asInstanceOf(LIST)
                .containsExactlyInAnyOrder(
                        Map.of("AttributeName", "pk", "AttributeType", "S"),
                        Map.of("AttributeName", "sk", "AttributeType", "S"),
                        Map.of("AttributeName", "quarantine_shard", "AttributeType", "S"),
                        Map.of("AttributeName", "quarantined_at", "AttributeType", "S"));
    }

    @Test
    void quarantinedOrdersAreListedBySparseIndexSpreadOverShards() {
        assertThat(state.get("GlobalSecondaryIndexes"))
                .isEqualTo(List.of(Map.of(
                        "IndexName", "Quarantine",
                        "KeySchema",
                                List.of(
                                        Map.of("AttributeName", "quarantine_shard", "KeyType", "HASH"),
                                        Map.of("AttributeName", "quarantined_at", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))));
    }

    @Test
    void tombstonesOfDeletedOrdersExpireThroughTheExpiresAtAttribute() {
        assertThat(state.get("TimeToLiveSpecification"))
                .isEqualTo(Map.of("AttributeName", "expires_at", "Enabled", true));
    }
}
