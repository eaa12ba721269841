package dev.ordertotals.localengine.eventsource;

/** Something the event source can invoke with an event in Lambda's wire format: the child JVM, or a test double. */
public interface LambdaFunction extends AutoCloseable {

    Invocation invoke(String eventJson);

    @Override
    void close();

    /** How one invocation ended, as the Lambda service sees it. */
    sealed interface Invocation {

        /** The handler returned: its serialized response. */
        record Response(String json) implements Invocation {}

        /** The handler threw, timed out, or its runtime died. */
        record Error(String type, String message) implements Invocation {}
    }
}
