package dev.ordertotals.bench.cold;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A Lambda context for the harnesses: a minute left, log lines kept in memory, the applied count read back. */
public final class BenchContext implements Context {

    private final List<String> lines = new ArrayList<>(4);

    public List<String> lines() {
        return lines;
    }

    /** Sum of {@code applied=N} over the handler's batch summary lines (-1 when it logged none). */
    public int applied() {
        return count("applied");
    }

    /** Sum of {@code KEY=N} over the handler's log lines (-1 when none carries it). */
    public int count(String key) {
        String needle = " " + key + "=";
        int total = -1;
        for (String line : lines) {
            int at = line.indexOf(needle);
            if (at < 0) {
                continue;
            }
            int start = at + needle.length();
            int end = start;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            if (end > start) {
                total = Math.max(total, 0) + Integer.parseInt(line.substring(start, end));
            }
        }
        return total;
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(message);
            }

            @Override
            public void log(byte[] message) {
                lines.add(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                lines.add(level + " " + message);
            }
        };
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 60_000;
    }

    @Override
    public String getAwsRequestId() {
        return "bench-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/bench";
    }

    @Override
    public String getLogStreamName() {
        return "bench";
    }

    @Override
    public String getFunctionName() {
        return "order-totals-bench";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:order-totals-bench:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }
}
