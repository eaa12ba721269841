package dev.ordertotals.localrunner.local;

import dev.ordertotals.contract.TotalsItem;
import dev.ordertotals.operator.verify.TotalRow;
import java.io.PrintWriter;
import java.util.List;

/** The totals table as a readable text table, non-zero totals only (a zero total is the same as none). */
final class TotalsTableView {

    private TotalsTableView() {}

    static void print(PrintWriter out, String tableName, List<TotalRow> rows, int limit) {
        List<TotalRow> shown = rows.stream().filter(row -> !row.zero()).toList();
        out.printf(
                "%nTotals table %s: %d non-zero totals%s%n",
                tableName,
                shown.size(),
                shown.size() < rows.size() ? " (" + (rows.size() - shown.size()) + " zero totals not shown)" : "");
        if (shown.isEmpty()) {
            return;
        }
        int dateWidth = Math.max(
                TotalsItem.PARTITION_KEY.length(),
                shown.stream().mapToInt(row -> row.date().length()).max().orElse(0));
        int itemWidth = Math.max(
                TotalsItem.SORT_KEY.length(),
                shown.stream().mapToInt(row -> row.item().length()).max().orElse(0));
        int quantityWidth = Math.max(
                TotalsItem.QUANTITY.length(),
                shown.stream().mapToInt(row -> row.rawQuantity().length()).max().orElse(0));
        String format = "  %-" + dateWidth + "s  %-" + itemWidth + "s  %" + quantityWidth + "s%n";
        out.printf(format, TotalsItem.PARTITION_KEY, TotalsItem.SORT_KEY, TotalsItem.QUANTITY);
        out.printf(format, "-".repeat(dateWidth), "-".repeat(itemWidth), "-".repeat(quantityWidth));
        shown.stream().limit(limit).forEach(row -> out.printf(format, row.date(), row.item(), row.rawQuantity()));
        if (shown.size() > limit) {
            out.printf("  ... and %d more (--show N to list more)%n", shown.size() - limit);
        }
    }
}
