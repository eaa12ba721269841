package dev.ordertotals.operator.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Status output on stderr: a progress line redrawn in place on a terminal, or a concise line every few seconds
 * when stderr is a file or a pipe; log lines are printed above the progress line without tearing it.
 */
public final class Console implements AutoCloseable {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private final boolean terminal;
    private ScheduledExecutorService ticker;
    private Supplier<String> progress;
    private String lastPrinted = "";

    public Console(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Whether the JVM's stderr is a terminal (not redirected). */
    public static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        return console != null
                && console.isTerminal()
                && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
    }

    /** A log line, above the progress line. */
    public synchronized void line(String text) {
        line(err, text);
    }

    /** A line on {@code to} (stdout, say), above the progress line when both go to the terminal. */
    public synchronized void line(PrintWriter to, String text) {
        if (terminal && progress != null) {
            err.print(CLEAR_LINE);
            err.flush();
        }
        to.println(text);
        to.flush();
        if (terminal && progress != null) {
            err.print(progress.get());
        }
        err.flush();
    }

    /** Shows {@code line} until {@link #endProgress()}: every 200 ms on a terminal, else every {@code quietInterval} when changed. */
    public synchronized void startProgress(Supplier<String> line, Duration quietInterval) {
        endProgress();
        progress = line;
        lastPrinted = "";
        ticker = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().daemon().name("progress").unstarted(runnable));
        long period = terminal ? 200 : quietInterval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, terminal ? 0 : period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the progress line, leaving its final state printed once. */
    public synchronized void endProgress() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        ticker = null;
        String last = progress.get();
        if (terminal) {
            err.print(CLEAR_LINE);
        }
        err.println(last);
        err.flush();
        progress = null;
    }

    private synchronized void tick() {
        if (progress == null) {
            return;
        }
        String line = progress.get();
        if (terminal) {
            err.print(CLEAR_LINE + line);
        } else if (!line.equals(lastPrinted)) {
            err.println(line);
        }
        lastPrinted = line;
        err.flush();
    }

    @Override
    public void close() {
        endProgress();
    }
}
