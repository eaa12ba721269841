package dev.ordertotals.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The real SDK client, with faults injected around its {@code TransactWriteItems} calls: fail the Nth call
 * before it reaches DynamoDB (nothing written), or after it succeeded (as a timeout hides a success). The engine
 * behind it stays real. Also counts calls and actions, for cost assertions.
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

    public FaultyDynamoDb(DynamoDbClient real) {
        this.real = real;
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
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        real.close();
    }
}
