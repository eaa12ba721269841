package dev.ordertotals.operator.cli;

/** The tools' exit codes. */
public final class ExitCode {

    /** Done; the totals are exact. */
    public static final int OK = 0;
    /** The totals drifted, or some work could not be done (e.g. an expired replay range). */
    public static final int DRIFT = 1;
    /** The tool could not do its job: bad arguments, unreachable service, missing table. */
    public static final int ERROR = 2;

    private ExitCode() {}
}
