package dev.ordertotals.commit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's item size rules, for the limits it enforces (400 KB per item, 4 MB per transaction): names and
 * strings in UTF-8 bytes, numbers by their digits, one byte per list or map element and three per list or map.
 * Counting UTF-16 chars instead undercounts anything beyond ASCII, and a refused write must never be a surprise.
 */
public final class ItemSizes {

    private ItemSizes() {}

    public static long of(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
            bytes += utf8(entry.getKey()) + of(entry.getValue());
        }
        return bytes;
    }

    public static long of(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case SS -> value.ss().stream().mapToLong(ItemSizes::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSizes::number).sum();
            case BS ->
                value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case M ->
                3
                        + value.m().entrySet().stream()
                                .mapToLong(e -> 1 + utf8(e.getKey()) + of(e.getValue()))
                                .sum();
            case L ->
                3 + value.l().stream().mapToLong(element -> 1 + of(element)).sum();
            default -> 1;
        };
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** About one byte per two significant digits, plus one: DynamoDB's documented approximation, rounded up. */
    private static long number(String number) {
        return (number.length() + 1) / 2 + 1;
    }
}
