package dev.ordertotals.operator.verify;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a verify report reads on the console: one section per level, then the verdict. */
public final class VerifyOutput {

    private VerifyOutput() {}

    public static void print(PrintWriter out, VerifyReport report, int maxReport) {
        out.printf(
                "Verify%s: %d orders scanned (%d counted, %d malformed), %d expected non-zero totals, %d totals items scanned%s%n",
                aggregations(report),
                report.orders(),
                report.counted(),
                report.malformed(),
                report.expectedTotals(),
                report.totals(),
                report.ledger()
                        .map(ledger -> ", " + ledger.entries() + " ledger entries scanned")
                        .orElse(""));
        drifts(out, "Totals vs orders", report.drifts(), "expected", maxReport);
        if (report.ledger().isEmpty()) {
            out.println("Ledger: not checked (pass --state-table, or --stack, to check the ledger entries too).");
        }
        report.ledger().ifPresent(ledger -> {
            if (ledger.disagreements().isEmpty()) {
                out.println("Ledger vs orders: exact");
            } else {
                out.printf(
                        "Ledger vs orders: DRIFT - %d order(s) differ from their ledger entry%n",
                        ledger.disagreements().size());
                ledger.disagreements().stream()
                        .limit(maxReport)
                        .forEach(disagreement -> out.println("  " + disagreement.description()));
                more(out, ledger.disagreements().size(), maxReport);
            }
            drifts(out, "Totals vs ledger", ledger.totalsVsLedger(), "ledger", maxReport);
        });
        if (report.exact()) {
            out.println(
                    report.ledger().isPresent()
                            ? "Verify: exact - every total matches the orders and the ledger, and every ledger entry its order."
                            : "Verify: exact - every total matches the orders.");
            return;
        }
        out.println("Verify: DRIFT - once the stream is drained:");
        advice(report).forEach(line -> out.println("  " + line));
    }

    /** {@code  (aggregations a, b)}, or nothing for the source document's aggregation alone. */
    private static String aggregations(VerifyReport report) {
        if (!report.named()) {
            return "";
        }
        return " (aggregation" + (report.aggregations().size() == 1 ? " " : "s ")
                + String.join(", ", report.aggregations()) + ")";
    }

    private static List<String> advice(VerifyReport report) {
        if (report.ledger().isEmpty()) {
            return List.of(
                    "check the ledger too (--state-table, or --stack) to see where, and run `reconcile` to repair.");
        }
        VerifyReport.LedgerLevels ledger = report.ledger().get();
        List<String> advice = new ArrayList<>();
        if (!ledger.totalsVsLedger().isEmpty()) {
            advice.add(
                    "a total that differs from its ledger entries was written outside the pipeline: set it to the ledger's sum "
                            + "shown above (an update-item conditioned on the value it holds); then");
        }
        advice.add("run `reconcile` (safe while the function runs"
                + (report.named() ? "; give it the same --aggregations" : "")
                + ") to move the ledger entries and the totals to the orders.");
        return advice;
    }

    private static void drifts(PrintWriter out, String level, List<Drift> drifts, String source, int maxReport) {
        if (drifts.isEmpty()) {
            out.println(level + ": exact");
            return;
        }
        long missing = drifts.stream().filter(Drift.Missing.class::isInstance).count();
        long extra = drifts.stream().filter(Drift.Extra.class::isInstance).count();
        long wrong = drifts.stream().filter(Drift.Wrong.class::isInstance).count();
        out.printf(
                "%s: DRIFT - %d totals differ (%d missing, %d extra, %d wrong)%n",
                level, drifts.size(), missing, extra, wrong);
        drifts.stream().limit(maxReport).forEach(drift -> out.println("  " + drift.describe(source)));
        more(out, drifts.size(), maxReport);
    }

    private static void more(PrintWriter out, int size, int maxReport) {
        if (size > maxReport) {
            out.printf("  ... and %d more (--max-report to see them)%n", size - maxReport);
        }
    }
}
