package dev.ordertotals.localrunner.local;

import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.Measure;
import dev.ordertotals.operator.verify.TotalRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregation's totals table as a readable text table, one line per total with a column per key and measure,
 * non-zero totals only (a zero total is the same as none).
 */
final class TotalsTableView {

    private TotalsTableView() {}

    /** @param named whether to name the aggregation in the title (when the pipeline keeps more than one) */
    static void print(PrintWriter out, Aggregation aggregation, boolean named, List<TotalRow> rows, int limit) {
        Map<List<String>, Map<String, TotalRow>> byKey = new LinkedHashMap<>();
        rows.forEach(row ->
                byKey.computeIfAbsent(row.key(), key -> new LinkedHashMap<>()).put(row.measure(), row));
        List<Map.Entry<List<String>, Map<String, TotalRow>>> shown = byKey.entrySet().stream()
                .filter(total -> total.getValue().values().stream().anyMatch(row -> !row.zero()))
                .toList();
        out.printf(
                "%nTotals table %s%s: %d non-zero totals%s%n",
                aggregation.table(),
                named ? " (aggregation " + aggregation.name() + ")" : "",
                shown.size(),
                shown.size() < byKey.size() ? " (" + (byKey.size() - shown.size()) + " zero totals not shown)" : "");
        if (shown.isEmpty()) {
            return;
        }
        List<String> header = new ArrayList<>(aggregation.keyAttributes());
        aggregation.measures().stream().map(Measure::attribute).forEach(header::add);
        List<List<String>> lines = shown.stream()
                .limit(limit)
                .map(total -> {
                    List<String> line = new ArrayList<>(total.getKey());
                    for (Measure measure : aggregation.measures()) {
                        TotalRow row = total.getValue().get(measure.attribute());
                        line.add(row == null ? "" : row.rawQuantity());
                    }
                    return line;
                })
                .toList();
        int keys = aggregation.keyAttributes().size();
        int[] widths = new int[header.size()];
        StringBuilder format = new StringBuilder(" ");
        for (int column = 0; column < header.size(); column++) {
            int index = column;
            widths[column] = Math.max(
                    header.get(column).length(),
                    lines.stream()
                            .mapToInt(line -> line.get(index).length())
                            .max()
                            .orElse(0));
            format.append(" %")
                    .append(column < keys ? "-" : "")
                    .append(widths[column])
                    .append("s ");
        }
        String pattern = format.toString().stripTrailing() + "%n";
        out.printf(pattern, header.toArray());
        out.printf(pattern, Arrays.stream(widths).mapToObj("-"::repeat).toArray());
        lines.forEach(line -> out.printf(pattern, line.toArray()));
        if (shown.size() > limit) {
            out.printf("  ... and %d more (--show N to list more)%n", shown.size() - limit);
        }
    }
}
