package dev.ordertotals.operator.verify;

import java.util.List;
import java.util.Optional;

/**
 * @param aggregations the aggregations checked, by name
 * @param named whether the output names them (more than one configured, or some checked only)
 * @param orders items scanned in the orders table
 * @param counted orders that count towards a total (of the aggregations checked)
 * @param malformed orders the handler quarantines as malformed for an aggregation checked
 * @param totals items scanned in the totals table
 * @param expectedTotals non-zero totals the orders give
 * @param drifts totals that differ from the orders
 * @param ledger the two ledger levels, when the ledger table was given
 */
public record VerifyReport(
        List<String> aggregations,
        boolean named,
        long orders,
        long counted,
        long malformed,
        long totals,
        long expectedTotals,
        List<Drift> drifts,
        Optional<LedgerLevels> ledger) {

    /**
     * @param entries ledger entries scanned
     * @param disagreements orders whose entry disagrees with them (and entries of gone orders that still count)
     * @param totalsVsLedger totals that differ from the sum of the ledger entries with their key
     */
    public record LedgerLevels(
            long entries, List<TotalsVerifier.LedgerDisagreement> disagreements, List<Drift> totalsVsLedger) {

        public boolean exact() {
            return disagreements.isEmpty() && totalsVsLedger.isEmpty();
        }
    }

    public boolean exact() {
        return drifts.isEmpty() && ledger.map(LedgerLevels::exact).orElse(true);
    }
}
