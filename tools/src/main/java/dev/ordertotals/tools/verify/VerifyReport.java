package dev.ordertotals.tools.verify;

import java.util.List;

/**
 * @param orders items scanned in the orders table
 * @param counted orders that count towards a total
 * @param malformed orders the handler quarantines (present-but-malformed fields)
 * @param totals items scanned in the totals table
 * @param expectedTotals non-zero totals the orders give
 */
public record VerifyReport(long orders, long counted, long malformed, long totals, long expectedTotals, List<Drift> drifts) {

    public boolean exact() {
        return drifts.isEmpty();
    }
}
