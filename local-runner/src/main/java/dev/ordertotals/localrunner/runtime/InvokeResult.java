package dev.ordertotals.localrunner.runtime;

import java.time.Duration;

/** How one invocation ended, as the Lambda service sees it: through the Runtime API, or by watching the sandbox. */
public sealed interface InvokeResult {

    /** The runtime posted the handler's response ({@code invocation/{id}/response}). */
    record Response(String payload) implements InvokeResult {}

    /**
     * The runtime posted an error: the handler's ({@code invocation/{id}/error}) or, before it could take the
     * event, its own failure to load the handler ({@code init/error}).
     *
     * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header, e.g. {@code Runtime.UserException}
     * @param body the runtime's JSON: {@code errorMessage}, {@code errorType}, {@code stackTrace}
     */
    record RuntimeError(Phase phase, String errorType, String body) implements InvokeResult {}

    /** The runtime did not answer within the function's timeout. */
    record TimedOut(Duration timeout) implements InvokeResult {}

    /** The runtime's process ended without answering. */
    record Exited(int exitCode) implements InvokeResult {}

    enum Phase {
        INIT,
        INVOKE
    }
}
