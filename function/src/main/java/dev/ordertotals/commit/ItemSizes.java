package dev.ordertotals.commit;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Approximate DynamoDB item sizes (attribute names plus values), for transaction size limits. */
final class ItemSizes {

    private ItemSizes() {
    }

    static long of(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
            bytes += entry.getKey().length() + of(entry.getValue());
        }
        return bytes;
    }

    private static long of(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s().length() * 3L;
            case N -> 21;
            case B -> value.b().asByteArray().length;
            case SS -> value.ss().stream().mapToLong(s -> s.length() * 3L).sum();
            case NS -> 21L * value.ns().size();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case M -> 3 + of(value.m());
            case L -> 3 + value.l().stream().mapToLong(ItemSizes::of).sum();
            default -> 1;
        };
    }
}
