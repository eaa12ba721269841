package dev.ordertotals.stream;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One string per order, from its primary key, naming its ledger entry: the key's value itself for a table keyed
 * by one string attribute (the stack's {@code order_id}), else every key attribute as {@code name=TYPE:value}
 * joined with {@code |} in name order, so an attached table with a number or composite key works too.
 *
 * <p>The form is one-to-one: two different keys of one table never share a ledger entry. A backslash escapes
 * {@code \}, {@code |} (in names and values) and {@code =} (in names), so a value holding {@code |r=S:y} cannot
 * pass for a second attribute; keys without those characters read as they always have. How long the string may
 * be is the ledger's business ({@code LedgerItem.partitionKey}).
 */
public final class OrderKeys {

    private OrderKeys() {}

    public static String canonical(Map<String, AttributeValue> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a stream record without its Keys cannot be attributed to an order");
        }
        if (key.size() == 1) {
            AttributeValue only = key.values().iterator().next();
            if (only.type() == AttributeValue.Type.S) {
                return only.s();
            }
        }
        return new TreeMap<>(key)
                .entrySet().stream()
                        .map(entry -> escape(entry.getKey(), "\\|=") + "="
                                + entry.getValue().type() + ":" + escape(scalar(entry.getValue()), "\\|"))
                        .collect(Collectors.joining("|"));
    }

    private static String scalar(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> value.n();
            case B -> Base64.getEncoder().encodeToString(value.b().asByteArray());
            default -> value.toString();
        };
    }

    private static String escape(String text, String special) {
        if (text.chars().noneMatch(c -> special.indexOf(c) >= 0)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (special.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append((char) c);
        });
        return escaped.toString();
    }
}
