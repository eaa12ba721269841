package dev.ordertotals.localrunner.local;

import dev.ordertotals.localengine.eventsource.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options {@code local} and {@code local-deploy} share: which orders to write, and how to run and report. */
final class RunOptions {

    @ArgGroup(exclusive = true)
    OrdersChoice orders = new OrdersChoice();

    static final class OrdersChoice {

        @Option(
                names = "--orders",
                paramLabel = "N",
                description = "Write N random orders (plus changes and cancellations).")
        Integer count;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "Write the orders in FILE (JSON Lines, as `local --help` says).")
        Path file;
    }

    @Option(names = "--seed", description = "Seed of the random orders, to repeat a run (default: random, printed).")
    Long seed;

    @Option(
            names = "--malformed",
            paramLabel = "PERCENT",
            defaultValue = "2",
            description = "Share of random orders written malformed, to be quarantined (default: ${DEFAULT-VALUE}).")
    double malformedPercent;

    @Option(
            names = "--chaos",
            description = "Inject failed invocations and duplicate deliveries (the totals must stay exact).")
    boolean chaos;

    @Option(
            names = "--drain-timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Give up waiting for the stream to drain after this long (default: ${DEFAULT-VALUE}).")
    int drainTimeoutSeconds;

    @Option(
            names = "--show",
            paramLabel = "N",
            defaultValue = "30",
            description = "Totals to list (default: ${DEFAULT-VALUE}).")
    int show;

    @Option(names = "--verbose", description = "Show every function log line, and stack traces on errors.")
    boolean verbose;

    /** Fails on what picocli cannot check: a negative count, a file that cannot be read. */
    void validate() {
        if (orders.count != null && orders.count < 0) {
            throw new IllegalArgumentException("--orders must be 0 or more: " + orders.count);
        }
        if (orders.file != null && !Files.isReadable(orders.file)) {
            throw new IllegalArgumentException("Cannot read " + orders.file);
        }
    }

    /** The seed of this run: the one given, or a short random one to print. */
    long chosenSeed() {
        return seed != null ? seed : System.nanoTime() % 1_000_000;
    }

    /** {@code --chaos}: failed invocations and duplicate deliveries; otherwise none. */
    Faults faults() {
        return chaos ? RandomFaults.chaos(seed) : Faults.NONE;
    }
}
