package dev.ordertotals.localrunner.runtime;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;

/** The function's logger: one {@code LEVEL message} line per call on stderr, which the parent forwards. */
final class StderrLogger implements LambdaLogger {

    @Override
    public void log(String message) {
        log(message, LogLevel.UNDEFINED);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void log(String message, LogLevel level) {
        String text = level == null || level == LogLevel.UNDEFINED ? message : level + " " + message;
        System.err.println(text.stripTrailing());
        System.err.flush();
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }
}
