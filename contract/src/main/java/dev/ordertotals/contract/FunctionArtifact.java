package dev.ordertotals.contract;

/** The function as the stack deploys it: which jar, which entry point. */
public final class FunctionArtifact {

    /** The Lambda handler string. */
    public static final String HANDLER = "dev.ordertotals.handler.OrderTotalsHandler::handleRequest";

    /** The shaded deployment jar the function module builds, relative to the project root. */
    public static final String JAR = "function/target/order-totals-function-lambda.jar";

    /**
     * The function's JVM options, set as {@code JAVA_TOOL_OPTIONS}: the JIT stopped at C1 (AWS's advice for small
     * functions; with SnapStart on, Lambda's java25 runtime would otherwise run the full C2 pipeline) and compiling
     * after a fifth of the usual invocation counts, so the batch path is compiled within its first few hundred
     * batches rather than a few thousand; the serial collector is Lambda's own default, named so that a local run
     * measures the same JVM. Measured on the null engine (docs/benchmarks.md): at batch size 2 the first 1,000
     * records after warm-up cost about half the CPU they cost with the JVM's defaults, the long-run cost per record
     * is the same, and a cold process is cheaper too. A tenth of the counts warms up faster still, for more JIT CPU
     * on the cold start; a fifth balances the two.
     */
    public static final String JVM_OPTIONS =
            "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 -XX:+UseSerialGC";

    /** The environment variable through which Lambda's JVM takes {@link #JVM_OPTIONS}. */
    public static final String JVM_OPTIONS_VARIABLE = "JAVA_TOOL_OPTIONS";

    private FunctionArtifact() {}
}
