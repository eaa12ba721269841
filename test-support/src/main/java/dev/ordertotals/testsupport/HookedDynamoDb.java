package dev.ordertotals.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client that runs a hook just before the n-th call of an operation, then makes the call: the way to
 * put a write of the function (or of the application) exactly between two steps of a tool, e.g. between reconcile's
 * reads and its commit. Everything else goes straight to the real client.
 */
public final class HookedDynamoDb {

    private final DynamoDbClient client;
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private HookedDynamoDb(DynamoDbClient client) {
        this.client = client;
    }

    public static HookedDynamoDb around(DynamoDbClient client) {
        return new HookedDynamoDb(client);
    }

    /**
     * Runs {@code hook} once, before the {@code nth} call (1-based) of {@code operation}, a method name of
     * {@link DynamoDbClient} such as {@code transactWriteItems} or {@code batchGetItem}.
     */
    public HookedDynamoDb before(String operation, int nth, Runnable hook) {
        hooks.put(operation + "#" + nth, hook);
        return this;
    }

    public int calls(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    public DynamoDbClient client() {
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    int call = calls.computeIfAbsent(method.getName(), name -> new AtomicInteger())
                            .incrementAndGet();
                    Runnable hook = hooks.remove(method.getName() + "#" + call);
                    if (hook != null) {
                        hook.run();
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
