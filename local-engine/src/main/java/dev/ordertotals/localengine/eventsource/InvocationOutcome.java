package dev.ordertotals.localengine.eventsource;

/** What an invocation means for the batch, read from the function's response as Lambda reads it. */
public sealed interface InvocationOutcome {

    /** Every record processed: checkpoint after the last one. */
    record Success() implements InvocationOutcome {}

    /** The function reported {@code batchItemFailures}: checkpoint before {@code index}, retry from it. */
    record PartialFailure(int index, String sequenceNumber) implements InvocationOutcome {}

    /** The invocation failed as a whole: an exception, a timeout, a crash, or an unusable response. */
    record FunctionError(String type, String message) implements InvocationOutcome {}
}
