package dev.ordertotals.localengine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Writes DynamoDB Streams records, as the Streams API returns them, in the JSON that Lambda's event source
 * hands a function: {@code {"Records": [...]}} with {@code eventID}, {@code eventName}, {@code dynamodb} (epoch
 * seconds for {@code ApproximateCreationDateTime}, DynamoDB-JSON images) and {@code eventSourceARN}. The function
 * side reads it with Lambda's own serializer, so a mistake here shows up as a deserialization failure.
 */
public final class LambdaStreamEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LambdaStreamEventJson() {}

    public static String event(List<Record> records, String streamArn) {
        ObjectNode event = NODES.objectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(record -> array.add(record(record, streamArn)));
        return write(event);
    }

    private static ObjectNode record(Record record, String streamArn) {
        ObjectNode node = NODES.objectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", record.awsRegion() == null ? MotoServer.REGION : record.awsRegion());
        var data = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        if (data.approximateCreationDateTime() != null) {
            // Lambda sends epoch seconds as a JSON number.
            dynamodb.put(
                    "ApproximateCreationDateTime",
                    BigDecimal.valueOf(data.approximateCreationDateTime().toEpochMilli(), 3));
        }
        putImage(dynamodb, "Keys", data.keys());
        putImage(dynamodb, "NewImage", data.newImage());
        putImage(dynamodb, "OldImage", data.oldImage());
        dynamodb.put("SequenceNumber", data.sequenceNumber());
        if (data.sizeBytes() != null) {
            dynamodb.put("SizeBytes", data.sizeBytes());
        }
        dynamodb.put("StreamViewType", data.streamViewTypeAsString());
        node.put("eventSourceARN", streamArn);
        return node;
    }

    private static void putImage(ObjectNode parent, String name, Map<String, AttributeValue> image) {
        if (image != null && !image.isEmpty() && !(image instanceof SdkAutoConstructMap)) {
            parent.set(name, item(image));
        }
    }

    /** DynamoDB JSON of one item: {@code {"name": {"S": "..."}}}. */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static JsonNode value(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(bytes -> node.withArray("BS").add(base64(bytes)));
            case M -> node.set("M", item(value.m()));
            case L -> {
                // Created before the elements: an empty list is a list (DynamoDB allows it), not a missing one.
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            default -> throw new IllegalArgumentException("Unsupported attribute type " + value.type());
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
