package dev.ordertotals.localrunner.local;

import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.localengine.eventsource.InvocationOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * {@code local --chaos}: some invocations fail before reaching the function and some successful batches are
 * delivered twice, to show the totals stay exact through Lambda's at-least-once delivery.
 */
final class RandomFaults implements Faults {

    private final Random random;
    private final double failureRate;
    private final double duplicateRate;

    /** {@code --chaos}: 5% of invocations fail, 10% of successful batches are delivered twice. */
    static Faults chaos(Long seed) {
        return new RandomFaults(seed != null ? seed : System.nanoTime(), 0.05, 0.10);
    }

    RandomFaults(long seed, double failureRate, double duplicateRate) {
        this.random = new Random(seed);
        this.failureRate = failureRate;
        this.duplicateRate = duplicateRate;
    }

    @Override
    public synchronized Optional<InvocationOutcome> instead(int invocation, List<Record> batch) {
        return random.nextDouble() < failureRate
                ? Optional.of(new InvocationOutcome.FunctionError("Chaos.InjectedFault", "injected by --chaos"))
                : Optional.empty();
    }

    @Override
    public synchronized int duplicates(int invocation, List<Record> batch) {
        return random.nextDouble() < duplicateRate ? 1 : 0;
    }
}
