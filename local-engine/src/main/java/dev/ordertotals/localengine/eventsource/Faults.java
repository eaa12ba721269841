package dev.ordertotals.localengine.eventsource;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Deliveries Lambda is allowed to make but rarely does, injected on purpose (tests, or {@code local --chaos}):
 * failed invocations and duplicate deliveries. The handler must keep the totals exact through all of them.
 */
public interface Faults {

    Faults NONE = new Faults() {};

    /** A made-up outcome that replaces invocation number {@code invocation} (1-based), or empty to invoke. */
    default Optional<InvocationOutcome> instead(int invocation, List<Record> batch) {
        return Optional.empty();
    }

    /** How many extra times to deliver a batch that succeeded, as Lambda may when a response is lost. */
    default int duplicates(int invocation, List<Record> batch) {
        return 0;
    }
}
