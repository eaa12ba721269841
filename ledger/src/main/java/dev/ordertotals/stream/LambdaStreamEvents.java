package dev.ordertotals.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts Lambda's DynamoDB stream event model into {@link StreamChange}s (SDK v2 attribute values). */
public final class LambdaStreamEvents {

    private LambdaStreamEvents() {}

    public static List<StreamChange> changes(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<StreamChange> changes = new ArrayList<>(records.size());
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            StreamRecord data = record.getDynamodb();
            Date created = data.getApproximateCreationDateTime();
            changes.add(new StreamChange(
                    record.getEventID(),
                    record.getEventName(),
                    data.getSequenceNumber(),
                    created == null ? null : created.toInstant(),
                    image(data.getOldImage()),
                    image(data.getNewImage()),
                    image(data.getKeys())));
        }
        return changes;
    }

    private static Map<String, AttributeValue> image(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return Map.of();
        }
        Map<String, AttributeValue> converted = new LinkedHashMap<>(image.size() * 2);
        image.forEach((name, value) -> converted.put(name, value(value)));
        return converted;
    }

    static AttributeValue value(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        if (Boolean.TRUE.equals(value.getNULL())) {
            return AttributeValue.fromNul(true);
        }
        if (value.getB() != null) {
            return AttributeValue.fromB(bytes(value.getB()));
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(value.getSS());
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(value.getNS());
        }
        if (value.getBS() != null) {
            return AttributeValue.fromBs(
                    value.getBS().stream().map(LambdaStreamEvents::bytes).toList());
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(image(value.getM()));
        }
        if (value.getL() != null) {
            return AttributeValue.fromL(
                    value.getL().stream().map(LambdaStreamEvents::value).toList());
        }
        // An attribute type this event model does not know: keep a marker rather than losing the attribute.
        return AttributeValue.fromNul(true);
    }

    private static SdkBytes bytes(ByteBuffer buffer) {
        return SdkBytes.fromByteBuffer(buffer.duplicate());
    }
}
