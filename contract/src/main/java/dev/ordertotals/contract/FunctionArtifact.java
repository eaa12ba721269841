package dev.ordertotals.contract;

/** The function as the stack deploys it: which jar, which entry point. */
public final class FunctionArtifact {

    /** The Lambda handler string. */
    public static final String HANDLER = "dev.ordertotals.handler.OrderTotalsHandler::handleRequest";

    /** The shaded deployment jar the function module builds, relative to the project root. */
    public static final String JAR = "function/target/order-totals-function-lambda.jar";

    private FunctionArtifact() {}
}
