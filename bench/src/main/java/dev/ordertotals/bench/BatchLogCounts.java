package dev.ordertotals.bench;

import java.util.List;

/**
 * Counts read back from the function's batch summary lines ({@code Batch records=2 applied=2 skipped=0 ...}): the
 * harnesses check what a batch did the way an operator reads the logs, without reaching into the function.
 */
public final class BatchLogCounts {

    private BatchLogCounts() {}

    /** Sum of {@code KEY=N} over the log lines, -1 when none carries it. */
    public static int sum(List<String> logLines, String key) {
        String needle = " " + key + "=";
        int total = -1;
        for (String line : logLines) {
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
}
