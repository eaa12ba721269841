package dev.ordertotals.bench.cold;

/** Loaded at a phase boundary of {@link ColdStart}: its class+load log line splits the log. */
final class PhaseDone {

    private PhaseDone() {}

    static void mark() {
        // loading this class is the mark
    }
}
