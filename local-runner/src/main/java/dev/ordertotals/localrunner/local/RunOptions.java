package dev.ordertotals.localrunner.local;

import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.operator.cli.OptionValues;
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
                converter = OptionValues.NonNegativeInt.class,
                description = "Write N random orders (plus changes and cancellations).")
        Integer count;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "Write the orders in FILE (JSON Lines, as `local --help` says).")
        Path file;
    }

    @Option(
            names = "--seed",
            converter = OptionValues.WholeNumber.class,
            description = "Seed of the random orders, to repeat a run (default: random, printed).")
    Long seed;

    @Option(
            names = "--malformed",
            paramLabel = "PERCENT",
            defaultValue = "2",
            converter = OptionValues.Percent.class,
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
            converter = OptionValues.PositiveInt.class,
            description = "Give up waiting for the stream to drain after this long (default: ${DEFAULT-VALUE}).")
    int drainTimeoutSeconds;

    @Option(
            names = "--show",
            paramLabel = "N",
            converter = OptionValues.NonNegativeInt.class,
            defaultValue = "30",
            description = "Totals to list (default: ${DEFAULT-VALUE}).")
    int show;

    @Option(names = "--verbose", description = "Show every function log line, and stack traces on errors.")
    boolean verbose;

    /** Fails on what the converters cannot check: a file that cannot be read. */
    void validate() {
        if (orders.file != null && !Files.isReadable(orders.file)) {
            throw new IllegalArgumentException("--file " + orders.file + ": "
                    + (Files.exists(orders.file) ? "cannot be read (permissions?)" : "no such file")
                    + "; give a JSON Lines file of orders (`local --help` shows the format)");
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
