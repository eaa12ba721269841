package dev.ordertotals.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Wraps a real {@link DynamoDbClient} and counts what goes through it: requests per operation, transaction
 * actions and estimated write units (also per table written), and the time spent inside the calls (the round trip to the engine). Built as a
 * dynamic proxy so every operation the handler may use is counted, not only the ones known today. The
 * consumer-builder convenience overloads run on the proxy, so they are counted once, as the request they build.
 */
public final class CountingDynamoDb implements InvocationHandler {

    private final DynamoDbClient real;
    private final Map<String, Long> requests = new TreeMap<>();
    private long actions;
    private long writeUnits;
    private long engineNanos;
    private final Map<String, Long> actionsByTable = new TreeMap<>();
    private final Map<String, Long> writeUnitsByTable = new TreeMap<>();
    private final Map<String, Long> largestActionBytesByTable = new TreeMap<>();

    private CountingDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    public static CountingDynamoDb around(DynamoDbClient real) {
        return new CountingDynamoDb(real);
    }

    public DynamoDbClient client() {
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(this, args);
        }
        if (args != null && args.length == 1 && args[0] instanceof Consumer<?> && method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        boolean operation = args != null && args.length == 1 && args[0] instanceof SdkRequest;
        if (operation) {
            synchronized (this) {
                requests.merge(method.getName(), 1L, Long::sum);
                if (args[0] instanceof TransactWriteItemsRequest transaction) {
                    actions += transaction.transactItems().size();
                    writeUnits += WriteUnits.transaction(transaction);
                    for (TransactWriteItem action : transaction.transactItems()) {
                        String table = WriteUnits.table(action);
                        actionsByTable.merge(table, 1L, Long::sum);
                        writeUnitsByTable.merge(table, WriteUnits.action(action), Long::sum);
                        largestActionBytesByTable.merge(table, WriteUnits.actionBytes(action), Math::max);
                    }
                }
            }
        }
        long start = System.nanoTime();
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (operation) {
                synchronized (this) {
                    engineNanos += System.nanoTime() - start;
                }
            }
        }
    }

    public synchronized long totalRequests() {
        return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized Map<String, Long> requestsByOperation() {
        return new TreeMap<>(requests);
    }

    public synchronized long actions() {
        return actions;
    }

    public synchronized long writeUnits() {
        return writeUnits;
    }

    public synchronized long engineNanos() {
        return engineNanos;
    }

    /** Transaction actions per table written. */
    public synchronized Map<String, Long> actionsByTable() {
        return new TreeMap<>(actionsByTable);
    }

    /** Estimated write units per table written. */
    public synchronized Map<String, Long> writeUnitsByTable() {
        return new TreeMap<>(writeUnitsByTable);
    }

    /** The largest action per table, in the bytes its write units are estimated from. */
    public synchronized Map<String, Long> largestActionBytesByTable() {
        return new TreeMap<>(largestActionBytesByTable);
    }

    public synchronized void reset() {
        requests.clear();
        actions = 0;
        writeUnits = 0;
        engineNanos = 0;
        actionsByTable.clear();
        writeUnitsByTable.clear();
        largestActionBytesByTable.clear();
    }
}
