package dev.ordertotals.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The real SDK client, with faults injected: fail the Nth {@code TransactWriteItems} before it reaches DynamoDB
 * (nothing written) or after it succeeded (as a timeout hides a success); refuse matching transactions or single
 * updates as DynamoDB refuses invalid items; run a hook just before the Nth call of an operation (to put a write
 * of the function or of the application exactly between two steps of a tool, e.g. between reconcile's reads and
 * its commit). The engine behind it stays real. Also counts calls and actions, for cost assertions.
 *
 * <p>Serves the operations the function and the tools use; any other fails as unsupported, visibly.
 */
public final class FaultyDynamoDb implements DynamoDbClient {

    /** What happens around one call. */
    public enum When {
        BEFORE,
        AFTER
    }

    private record Fault(int call, When when, Function<Integer, RuntimeException> error) {}

    private final DynamoDbClient real;
    private final List<Fault> faults = new ArrayList<>();
    private final List<Predicate<TransactWriteItemsRequest>> refusals = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Integer> actionsPerCall = new ArrayList<>();
    private final List<Predicate<UpdateItemRequest>> updateRefusals = new CopyOnWriteArrayList<>();

    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsByOperation = new ConcurrentHashMap<>();

    public FaultyDynamoDb(DynamoDbClient real) {
        this.real = real;
    }

    /**
     * Runs {@code hook} once, just before the {@code nth} call (1-based) of {@code operation}, a method name of
     * {@link DynamoDbClient} such as {@code transactWriteItems} or {@code batchGetItem}; then makes the call.
     */
    public FaultyDynamoDb before(String operation, int nth, Runnable hook) {
        hooks.put(operation + "#" + nth, hook);
        return this;
    }

    /** How often {@code operation} was called (hooked calls included). */
    public int calls(String operation) {
        return callsByOperation.getOrDefault(operation, new AtomicInteger()).get();
    }

    /** Counts the call and runs the hook due before it, if any. */
    private void arriving(String operation) {
        int call = callsByOperation
                .computeIfAbsent(operation, name -> new AtomicInteger())
                .incrementAndGet();
        Runnable hook = hooks.remove(operation + "#" + call);
        if (hook != null) {
            hook.run();
        }
    }

    /** Makes the {@code call}-th TransactWriteItems (1-based, counted from now on) throw. */
    public FaultyDynamoDb failCall(int call, When when, Function<Integer, RuntimeException> error) {
        faults.add(new Fault(calls.get() + call, when, error));
        return this;
    }

    /** Makes DynamoDB refuse (ValidationError) every transaction that matches, as it would an invalid item. */
    public FaultyDynamoDb refuse(Predicate<TransactWriteItemsRequest> matching) {
        refusals.add(matching);
        return this;
    }

    public int transactionCalls() {
        return calls.get();
    }

    /** Actions of every call that reached DynamoDB, committed or cancelled. */
    public synchronized List<Integer> actionsPerCall() {
        return List.copyOf(actionsPerCall);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        arriving("transactWriteItems");
        int call = calls.incrementAndGet();
        Fault fault = faults.stream()
                .filter(candidate -> candidate.call() == call)
                .findFirst()
                .orElse(null);
        if (fault != null && fault.when() == When.BEFORE) {
            throw fault.error().apply(call);
        }
        if (refusals.stream().anyMatch(refusal -> refusal.test(request))) {
            throw TransactionCanceledException.builder()
                    .message("Transaction cancelled (simulated ValidationError)")
                    .cancellationReasons(request.transactItems().stream()
                            .map(item -> CancellationReason.builder()
                                    .code(
                                            item.update() != null
                                                            && item.update()
                                                                    .tableName()
                                                                    .equals(request.transactItems()
                                                                            .getLast()
                                                                            .update()
                                                                            .tableName())
                                                    ? "ValidationError"
                                                    : "None")
                                    .build())
                            .toList())
                    .build();
        }
        synchronized (this) {
            actionsPerCall.add(request.transactItems().size());
        }
        TransactWriteItemsResponse response = real.transactWriteItems(request);
        if (fault != null) {
            throw fault.error().apply(call);
        }
        return response;
    }

    /** Makes DynamoDB refuse every single UpdateItem that matches, as it would one that grows an item beyond 400 KB. */
    public FaultyDynamoDb refuseUpdates(Predicate<UpdateItemRequest> matching) {
        updateRefusals.add(matching);
        return this;
    }

    /** Single updates (a parked record) go to DynamoDB unless refused. */
    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        arriving("updateItem");
        if (updateRefusals.stream().anyMatch(refusal -> refusal.test(request))) {
            throw DynamoDbException.builder()
                    .message("Item size has exceeded the maximum allowed size (simulated)")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ValidationException")
                            .build())
                    .statusCode(400)
                    .build();
        }
        return real.updateItem(request);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        arriving("batchGetItem");
        return real.batchGetItem(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        arriving("getItem");
        return real.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        arriving("putItem");
        return real.putItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        arriving("deleteItem");
        return real.deleteItem(request);
    }

    /** Also what {@code scanPaginator} calls. */
    @Override
    public ScanResponse scan(ScanRequest request) {
        arriving("scan");
        return real.scan(request);
    }

    /** Also what {@code queryPaginator} calls. */
    @Override
    public QueryResponse query(QueryRequest request) {
        arriving("query");
        return real.query(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        arriving("describeTable");
        return real.describeTable(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        real.close();
    }
}
