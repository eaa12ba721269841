package dev.ordertotals.localrunner.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A handler named as in the function's {@code Handler} property ({@code Class::method} or {@code Class}),
 * instantiated once, with the serializers the Lambda Java runtime would pick for its input and output types:
 * Lambda's event serializers for event classes, its Jackson factory for anything else.
 */
final class HandlerMethod {

    private final Object instance;
    private final Method method;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    private HandlerMethod(Object instance, Method method, PojoSerializer<Object> input, PojoSerializer<Object> output) {
        this.instance = instance;
        this.method = method;
        this.input = input;
        this.output = output;
    }

    static HandlerMethod load(String handler, ClassLoader loader) throws ReflectiveOperationException {
        String[] parts = handler.split("::", 2);
        String methodName = parts.length == 2 ? parts[1] : "handleRequest";
        Class<?> type = Class.forName(parts[0], true, loader);
        // Bridge methods (handleRequest(Object, Context)) would lose the event type the serializer needs.
        Method method = Arrays.stream(type.getMethods())
                .filter(candidate -> candidate.getName().equals(methodName) && !candidate.isBridge() && !candidate.isSynthetic())
                .filter(candidate -> candidate.getParameterCount() == 2 && candidate.getParameterTypes()[1] == Context.class)
                .findFirst()
                .orElseThrow(() -> new NoSuchMethodException(parts[0] + "::" + methodName + "(event, Context)"));
        Object instance = type.getDeclaredConstructor().newInstance();
        return new HandlerMethod(instance, method, serializer(method.getParameterTypes()[0], loader),
                method.getReturnType() == void.class ? null : serializer(method.getReturnType(), loader));
    }

    String invoke(String eventJson, Context context) throws Throwable {
        Object event = input.fromJson(eventJson);
        Object result;
        try {
            result = method.invoke(instance, event, context);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (output == null || result == null) {
            return "null";
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        output.toJson(result, json);
        return json.toString(StandardCharsets.UTF_8).replace('\n', ' ');
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
        }
        return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }
}
