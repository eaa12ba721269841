package dev.ordertotals.commit;

import dev.ordertotals.stream.StreamChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders of a batch that cannot be committed now, though the others can (an entry edited by hand that cannot be
 * read; a timeout while parking a refused record), held back with every later record of theirs in the batch, so
 * that every other order still commits and the batch reports these for retry.
 */
final class SetAside {

    private final Map<String, List<StreamChange>> byOrder = new LinkedHashMap<>();
    private String reason;

    void add(OrderMove move, String why) {
        byOrder.computeIfAbsent(move.orderKey(), key -> new ArrayList<>()).addAll(move.changes());
        if (reason == null) {
            reason = why;
        }
    }

    /** Holds the move back if its order is set aside (its records must not overtake the ones held); true if so. */
    boolean keepsBack(OrderMove move) {
        List<StreamChange> held = byOrder.get(move.orderKey());
        if (held == null) {
            return false;
        }
        held.addAll(move.changes());
        return true;
    }

    boolean isEmpty() {
        return byOrder.isEmpty();
    }

    List<StreamChange> records() {
        return byOrder.values().stream().flatMap(List::stream).toList();
    }

    /** Why the first order was set aside (and how many were). */
    String reason() {
        return byOrder.size() == 1 ? reason : reason + " (and " + (byOrder.size() - 1) + " more orders)";
    }
}
