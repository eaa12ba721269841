package dev.ordertotals.aggregation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the totals count for one order: per aggregation that counts it, one {@link Part}. The ledger keeps one
 * contribution per order, and every total equals the sum of the parts with its key.
 *
 * @param parts by aggregation name; an aggregation that does not count the order has no part
 */
public record Contribution(SortedMap<String, Part> parts) {

    /** The order counts nothing anywhere: absent, deleted, not an order, or malformed everywhere. */
    public static final Contribution NONE = new Contribution(new TreeMap<>());

    /**
     * What an order adds to one total of one aggregation.
     *
     * @param key the total's key values, in the aggregation's {@code groupBy} order
     * @param measures each measure's attribute and the order's value for it (1 for a count)
     */
    public record Part(List<String> key, SortedMap<String, Long> measures) {

        public Part {
            key = List.copyOf(key);
            measures = java.util.Collections.unmodifiableSortedMap(naturallyOrdered(measures));
        }

        public static Part of(List<String> key, Map<String, Long> measures) {
            return new Part(key, new TreeMap<>(measures));
        }
    }

    public Contribution {
        parts = java.util.Collections.unmodifiableSortedMap(naturallyOrdered(parts));
    }

    /** A copy in the keys' natural order, whatever the order of the map given: the digest walks it. */
    private static <V> TreeMap<String, V> naturallyOrdered(Map<String, V> map) {
        TreeMap<String, V> copy = new TreeMap<>();
        copy.putAll(map);
        return copy;
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /**
     * A short fingerprint of the contribution (22 characters, 128 bits of SHA-256 over a canonical form): the ledger
     * stores it beside the parts, so a write can be conditioned on the entry holding an expected contribution with
     * one comparison, however many aggregations there are. Empty for {@link #NONE}, which is stored as no fingerprint.
     */
    public String digest() {
        if (parts.isEmpty()) {
            return "";
        }
        StringBuilder canonical = new StringBuilder();
        parts.forEach((name, part) -> {
            canonical.append(name).append('\u0000');
            part.key()
                    .forEach(value ->
                            canonical.append(value.length()).append(':').append(value));
            canonical.append('\u0000');
            part.measures()
                    .forEach((measure, value) -> canonical
                            .append(measure.length())
                            .append(':')
                            .append(measure)
                            .append('=')
                            .append(value)
                            .append(';'));
            canonical.append('\u0001');
        });
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
