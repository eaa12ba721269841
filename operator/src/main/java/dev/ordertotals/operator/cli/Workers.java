package dev.ordertotals.operator.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the tools' worker pools without interrupting a request in flight. */
public final class Workers {

    private static final long GRACE_SECONDS = 60;

    private Workers() {}

    /**
     * Lets the workers finish what they are doing (they are expected to check a stop flag between requests), then
     * interrupts whatever is still running after a minute. A request interrupted half-sent is abandoned with its
     * connection open, and a one-request-at-a-time engine (the local moto server) would wait on it forever.
     */
    public static void stop(ExecutorService workers) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
