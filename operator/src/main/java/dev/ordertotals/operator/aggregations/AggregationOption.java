package dev.ordertotals.operator.aggregations;

import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --aggregation NAME}: one of the aggregations the function runs ({@link AggregationsOption}) rather than all
 * of them.
 */
public final class AggregationOption {

    public static final String OPTION = "--aggregation";

    @Option(
            names = OPTION,
            paramLabel = "NAME",
            description = "Only this aggregation (one of " + AggregationsOption.OPTION + ", or "
                    + Aggregation.ORDER_TOTALS + "); default: all of them.")
    String name;

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Fails, before anything is read, when the name is none of the aggregations configured: {@code declared} (from
     * {@value AggregationsOption#OPTION}), else the source document's alone.
     */
    public void check(Optional<Aggregations> declared) {
        if (name == null) {
            return;
        }
        List<String> names = declared.map(Aggregations::names).orElse(List.of(Aggregation.ORDER_TOTALS));
        if (!names.contains(name)) {
            throw new IllegalArgumentException(OPTION + " " + name + ": no such aggregation; configured: "
                    + String.join(", ", names)
                    + (declared.isPresent()
                            ? " (from " + AggregationsOption.OPTION + ")"
                            : " (the default alone: pass the function's aggregations with " + AggregationsOption.OPTION
                                    + ")"));
        }
    }

    /**
     * How a summary names the aggregations it is about: {@code  (aggregations a, b, c)} or {@code  (aggregation b)};
     * nothing for the source document's aggregation alone (a stack that declares none), as before.
     */
    public static String named(Aggregations configured, Aggregations worked) {
        if (configured.names().equals(List.of(Aggregation.ORDER_TOTALS)) && worked.equals(configured)) {
            return "";
        }
        return " (aggregation" + (worked.all().size() == 1 ? " " : "s ") + String.join(", ", worked.names()) + ")";
    }

    /** The aggregations to work on: the one named, else all of {@code configured}. */
    public Aggregations of(Aggregations configured) {
        if (name == null) {
            return configured;
        }
        if (!configured.names().contains(name)) {
            throw new IllegalArgumentException(OPTION + " " + name + ": no such aggregation; configured: "
                    + String.join(", ", configured.names()));
        }
        return configured.only(name);
    }
}
