package dev.ordertotals.stream;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        JsonNode records = field(event, "Records");
        if (records == null) {
            return List.of();
        }
        List<StreamChange> changes = new ArrayList<>(records.asArray().size());
        for (JsonNode record : records.asArray()) {
            JsonNode data = field(record, "dynamodb");
            if (data == null) {
                throw new IllegalArgumentException(
                        "a stream record without its dynamodb section: " + text(record, "eventID"));
            }
            JsonNode created = field(data, "ApproximateCreationDateTime");
            changes.add(new StreamChange(
                    text(record, "eventID"),
                    text(record, "eventName"),
                    text(data, "SequenceNumber"),
                    created == null ? null : epochSeconds(created),
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
        JsonNode image = field(data, name);
        return image == null ? Map.of() : attributes(image);
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

    /**
     * One attribute in DynamoDB's JSON form, {@code {"TYPE": value}}: DynamoDB writes one type per attribute, so the
     * first type present decides (a {@code "NULL": false}, or a JSON null, is not a value and is passed over).
     */
    static AttributeValue value(JsonNode value) {
        for (Map.Entry<String, JsonNode> typed : value.asObject().entrySet()) {
            JsonNode v = typed.getValue();
            if (v.isNull()) {
                continue;
            }
            AttributeValue read = switch (typed.getKey()) {
                case "S" -> AttributeValue.fromS(v.asString());
                case "N" -> AttributeValue.fromN(number(v));
                case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
                case "NULL" -> v.asBoolean() ? AttributeValue.fromNul(true) : null;
                case "B" -> AttributeValue.fromB(bytes(v));
                case "SS" ->
                    AttributeValue.fromSs(
                            v.asArray().stream().map(JsonNode::asString).toList());
                case "NS" ->
                    AttributeValue.fromNs(
                            v.asArray().stream().map(LambdaStreamJson::number).toList());
                case "BS" ->
                    AttributeValue.fromBs(
                            v.asArray().stream().map(LambdaStreamJson::bytes).toList());
                case "M" -> AttributeValue.fromM(attributes(v));
                case "L" ->
                    AttributeValue.fromL(
                            v.asArray().stream().map(LambdaStreamJson::value).toList());
                default -> null;
            };
            if (read != null) {
                return read;
            }
        }
        // An attribute type this reader does not know: keep a marker rather than losing the attribute.
        return AttributeValue.fromNul(true);
    }

    /** DynamoDB writes numbers as strings; a JSON number is taken as written. */
    private static String number(JsonNode n) {
        return n.isNumber() ? n.asNumber() : n.asString();
    }

    private static SdkBytes bytes(JsonNode base64) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64.asString()));
    }

    /** The field, or null when it is absent or JSON null. */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.asObject().get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        return value == null ? null : value.asString();
    }
}
