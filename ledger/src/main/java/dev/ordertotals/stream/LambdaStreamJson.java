package dev.ordertotals.stream;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lambda's DynamoDB stream event read from its JSON, as the runtime hands it to a stream handler, straight into
 * {@link StreamChange}s: the changes {@link LambdaStreamEvents} makes of the runtime's {@code DynamodbEvent} (a test
 * holds the two equal over the same events).
 *
 * <p>Why not the runtime's {@code DynamodbEvent}: for a typed handler the runtime builds a Jackson serializer for the
 * event type when it loads the function (about 160 ms and 900 classes of a cold start, measured), and each record
 * then passes through a second object model. The parser here is the one the AWS SDK already loads to read
 * DynamoDB's responses.
 */
public final class LambdaStreamJson {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private LambdaStreamJson() {}

    /** The event's records in order; an event without {@code Records} has none. */
    public static List<StreamChange> changes(InputStream json) {
        return changes(PARSER.parse(json));
    }

    public static List<StreamChange> changes(byte[] json) {
        return changes(PARSER.parse(json));
    }

    private static List<StreamChange> changes(JsonNode event) {
        List<JsonNode> records = field(event, "Records").map(JsonNode::asArray).orElse(List.of());
        List<StreamChange> changes = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            JsonNode data = field(record, "dynamodb")
                    .orElseThrow(() -> new IllegalArgumentException(
                            "a stream record without its dynamodb section: " + text(record, "eventID")));
            changes.add(new StreamChange(
                    text(record, "eventID"),
                    text(record, "eventName"),
                    text(data, "SequenceNumber"),
                    field(data, "ApproximateCreationDateTime")
                            .map(LambdaStreamJson::epochSeconds)
                            .orElse(null),
                    image(data, "OldImage"),
                    image(data, "NewImage"),
                    image(data, "Keys")));
        }
        return changes;
    }

    /** Lambda writes the creation time in epoch seconds; the event model keeps it to the millisecond. */
    private static Instant epochSeconds(JsonNode seconds) {
        return Instant.ofEpochMilli(
                new BigDecimal(seconds.asNumber()).movePointRight(3).longValue());
    }

    private static Map<String, AttributeValue> image(JsonNode data, String name) {
        return field(data, name).map(LambdaStreamJson::attributes).orElse(Map.of());
    }

    private static Map<String, AttributeValue> attributes(JsonNode image) {
        Map<String, JsonNode> fields = image.asObject();
        if (fields.isEmpty()) {
            return Map.of();
        }
        Map<String, AttributeValue> converted = new LinkedHashMap<>(fields.size() * 2);
        fields.forEach((name, value) -> converted.put(name, value(value)));
        return converted;
    }

    /** One attribute in DynamoDB's JSON form: the first type the event model knows, in its order. */
    static AttributeValue value(JsonNode value) {
        Map<String, JsonNode> typed = value.asObject();
        JsonNode s = present(typed, "S");
        if (s != null) {
            return AttributeValue.fromS(s.asString());
        }
        JsonNode n = present(typed, "N");
        if (n != null) {
            return AttributeValue.fromN(n.isNumber() ? n.asNumber() : n.asString());
        }
        JsonNode bool = present(typed, "BOOL");
        if (bool != null) {
            return AttributeValue.fromBool(bool.asBoolean());
        }
        JsonNode nul = present(typed, "NULL");
        if (nul != null && nul.asBoolean()) {
            return AttributeValue.fromNul(true);
        }
        JsonNode b = present(typed, "B");
        if (b != null) {
            return AttributeValue.fromB(bytes(b));
        }
        JsonNode ss = present(typed, "SS");
        if (ss != null) {
            return AttributeValue.fromSs(
                    ss.asArray().stream().map(JsonNode::asString).toList());
        }
        JsonNode ns = present(typed, "NS");
        if (ns != null) {
            return AttributeValue.fromNs(ns.asArray().stream()
                    .map(number -> number.isNumber() ? number.asNumber() : number.asString())
                    .toList());
        }
        JsonNode bs = present(typed, "BS");
        if (bs != null) {
            return AttributeValue.fromBs(
                    bs.asArray().stream().map(LambdaStreamJson::bytes).toList());
        }
        JsonNode m = present(typed, "M");
        if (m != null) {
            return AttributeValue.fromM(attributes(m));
        }
        JsonNode l = present(typed, "L");
        if (l != null) {
            return AttributeValue.fromL(
                    l.asArray().stream().map(LambdaStreamJson::value).toList());
        }
        // An attribute type this reader does not know: keep a marker rather than losing the attribute.
        return AttributeValue.fromNul(true);
    }

    private static SdkBytes bytes(JsonNode base64) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64.asString()));
    }

    private static JsonNode present(Map<String, JsonNode> typed, String type) {
        JsonNode node = typed.get(type);
        return node == null || node.isNull() ? null : node;
    }

    private static Optional<JsonNode> field(JsonNode node, String name) {
        return node.field(name).filter(value -> !value.isNull());
    }

    private static String text(JsonNode node, String name) {
        return field(node, name).map(JsonNode::asString).orElse(null);
    }
}
