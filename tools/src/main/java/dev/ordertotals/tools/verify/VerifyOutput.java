package dev.ordertotals.tools.verify;

import java.io.PrintWriter;

/** How a verify report reads on the console. */
public final class VerifyOutput {

    private VerifyOutput() {
    }

    public static void print(PrintWriter out, VerifyReport report, int maxDrifts) {
        out.printf("Verify: %d orders scanned (%d counted, %d malformed), %d expected non-zero totals, %d totals items scanned%n",
                report.orders(), report.counted(), report.malformed(), report.expectedTotals(), report.totals());
        if (report.exact()) {
            out.println("Verify: exact - every total matches the orders.");
            return;
        }
        long missing = report.drifts().stream().filter(Drift.Missing.class::isInstance).count();
        long extra = report.drifts().stream().filter(Drift.Extra.class::isInstance).count();
        long wrong = report.drifts().stream().filter(Drift.Wrong.class::isInstance).count();
        out.printf("Verify: DRIFT - %d totals differ (%d missing, %d extra, %d wrong)%n", report.drifts().size(), missing, extra, wrong);
        report.drifts().stream().limit(maxDrifts).forEach(drift -> out.println("  " + drift.describe()));
        if (report.drifts().size() > maxDrifts) {
            out.printf("  ... and %d more (--max-report to see them)%n", report.drifts().size() - maxDrifts);
        }
    }
}
