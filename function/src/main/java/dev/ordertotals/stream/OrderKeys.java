package dev.ordertotals.stream;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One string per order, from its primary key, naming its ledger entry: the key's value itself for a table keyed
 * by one string attribute (the stack's {@code order_id}), else every key attribute as {@code name=TYPE:value}
 * joined in name order, so an attached table with a number or composite key works too.
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
                        .map(entry -> entry.getKey() + "=" + entry.getValue().type() + ":" + scalar(entry.getValue()))
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
}
