package dev.ordertotals.operator.reconcile;

import java.util.function.LongSupplier;

/**
 * Keeps reconcile's writes under a number of write units per second, shared by all its workers: each transaction
 * takes its slot in a schedule that advances by {@code units / rate} seconds, and waits for it. No burst beyond one
 * transaction, so the rate holds over any window of a second or more.
 */
final class WriteRateLimiter {

    /** No limit. */
    static final WriteRateLimiter UNLIMITED = new WriteRateLimiter(0, System::nanoTime, WriteRateLimiter::sleep);

    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double unitsPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long nextSlot;
    private boolean started;

    WriteRateLimiter(double unitsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (unitsPerSecond < 0) {
            throw new IllegalArgumentException("write units per second must be positive: " + unitsPerSecond);
        }
        this.unitsPerSecond = unitsPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    static WriteRateLimiter perSecond(double unitsPerSecond) {
        return unitsPerSecond <= 0
                ? UNLIMITED
                : new WriteRateLimiter(unitsPerSecond, System::nanoTime, WriteRateLimiter::sleep);
    }

    /** Waits until {@code units} write units may be spent. */
    void acquire(int units) throws InterruptedException {
        if (unitsPerSecond <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (!started || nextSlot - now < 0) {
                nextSlot = now;
                started = true;
            }
            wait = nextSlot - now;
            nextSlot += (long) (units * 1e9 / unitsPerSecond);
        }
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    private static void sleep(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
