package dev.ordertotals.localengine.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ordertotals.localengine.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Orders from a JSON Lines file, one item per line, each written with {@code PutItem} in file order (a line
 * with a key seen before replaces that order). A line is either DynamoDB JSON, as {@code aws dynamodb} prints
 * it:
 * <pre>{"order_id": {"S": "1"}, "order_date": {"S": "2026-11-25T10:00:00Z"}, "item_id": {"S": "item123"}, "quantity": {"N": "10"}}</pre>
 * or plain JSON, where strings become {@code S}, numbers {@code N}, booleans {@code BOOL}, null {@code NULL},
 * arrays {@code L} and objects {@code M}:
 * <pre>{"order_id": "1", "order_date": "2026-11-25T10:00:00Z", "item_id": "item123", "quantity": 10}</pre>
 * A line {@code {"delete": {"order_id": "1"}}} deletes that order. Blank lines and lines starting with
 * {@code #} or {@code //} are skipped.
 */
public final class OrdersFile {

    /** Decimals as written (1E+2, 2.50), not through a double. */
    private static final ObjectReader READER =
            Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Set<String> TYPE_TAGS = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

    private OrdersFile() {}

    public static List<OrderWrite> read(Path file, List<String> keyAttributes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        List<OrderWrite> writes = new ArrayList<>(lines.size());
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("//")) {
                continue;
            }
            try {
                writes.add(write(line, keyAttributes));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file.getFileName() + " line " + number + ": " + e.getMessage());
            }
        }
        return writes;
    }

    static OrderWrite write(String line, List<String> keyAttributes) {
        JsonNode node;
        try {
            node = READER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (node.size() == 1 && node.path("delete").isObject()) {
            return new OrderWrite.Delete(keyOnly(item(node.get("delete")), keyAttributes));
        }
        Map<String, AttributeValue> item = item(node);
        keyOnly(item, keyAttributes);
        return new OrderWrite.Put(item);
    }

    private static Map<String, AttributeValue> keyOnly(Map<String, AttributeValue> item, List<String> keyAttributes) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String attribute : keyAttributes) {
            AttributeValue value = item.get(attribute);
            if (value == null) {
                throw new IllegalArgumentException("no key attribute " + attribute);
            }
            key.put(attribute, value);
        }
        return key;
    }

    /** An item in either notation: DynamoDB JSON when every value is a one-field object with a type tag. */
    private static Map<String, AttributeValue> item(JsonNode object) {
        boolean dynamoJson = object.size() > 0;
        for (JsonNode value : object) {
            dynamoJson &= value.isObject()
                    && value.size() == 1
                    && TYPE_TAGS.contains(value.fieldNames().next());
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), dynamoJson ? typed(field.getValue()) : plain(field.getValue()));
        }
        return item;
    }

    private static AttributeValue plain(JsonNode value) {
        if (value.isTextual()) {
            return AttributeValue.fromS(value.textValue());
        }
        if (value.isNumber()) {
            // Plain digits: moto answers HTTP 500 for an exponent form such as 1E+2.
            return AttributeValue.fromN(value.decimalValue().toPlainString());
        }
        if (value.isBoolean()) {
            return AttributeValue.fromBool(value.booleanValue());
        }
        if (value.isNull()) {
            return AttributeValue.fromNul(true);
        }
        if (value.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            value.forEach(element -> list.add(plain(element)));
            return AttributeValue.fromL(list);
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
        return AttributeValue.fromM(map);
    }

    private static AttributeValue typed(JsonNode wrapper) {
        String tag = wrapper.fieldNames().next();
        JsonNode value = wrapper.get(tag);
        return switch (tag) {
            case "S" -> AttributeValue.fromS(value.asText());
            case "N" -> AttributeValue.fromN(new BigDecimal(value.asText()).toPlainString());
            case "B" ->
                AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value.asText())));
            case "BOOL" -> AttributeValue.fromBool(value.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(value));
            case "NS" -> AttributeValue.fromNs(texts(value));
            case "BS" ->
                AttributeValue.fromBs(texts(value).stream()
                        .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b)))
                        .toList());
            case "M" -> AttributeValue.fromM(item(value));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                value.forEach(element -> list.add(typed(element)));
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("unknown DynamoDB type " + tag);
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
