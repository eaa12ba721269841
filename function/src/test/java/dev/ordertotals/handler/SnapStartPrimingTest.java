package dev.ordertotals.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.commit.BatchReport;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheWholeBatchPathWithoutTheNetwork() {
        // No endpoint, no credentials, no engine: anything reaching the network would fail here.
        BatchReport report = new SnapStartPriming("eu-west-1").prime();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.duplicates()).as("the canned cancellation exercised the duplicate path").isEqualTo(1);
        assertThat(report.quarantined()).as("the malformed sample exercised the quarantine path").isEqualTo(1);
        assertThat(report.transactions()).isEqualTo(1);
    }
}
