package dev.ordertotals.testsupport;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.ordertotals.localengine.LambdaStreamEventJson;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Stream records to the {@link DynamodbEvent} a handler receives, through the same JSON and the same
 * serializer (aws-lambda-java-serialization) the Lambda Java runtime uses.
 */
public final class LambdaWire {

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaWire.class.getClassLoader());

    private LambdaWire() {}

    public static DynamodbEvent event(List<Record> records, String streamArn) {
        return fromJson(LambdaStreamEventJson.event(records, streamArn));
    }

    public static DynamodbEvent fromJson(String json) {
        return SERIALIZER.fromJson(json);
    }
}
