package dev.ordertotals.operator.verify;

import dev.ordertotals.operator.cli.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A parallel Scan: one worker per segment, each page handed to {@code perPage} as it arrives. When a segment
 * fails, the others stop after their current page; they are never interrupted in the middle of a request (a
 * request abandoned half-sent would hold a one-request-at-a-time engine such as the local moto server forever).
 */
final class Scans {

    private Scans() {}

    static <T> List<T> parallel(
            DynamoDbClient dynamo, String table, int segments, Function<List<Map<String, AttributeValue>>, T> perPage) {
        return parallel(dynamo, table, segments, UnaryOperator.identity(), perPage);
    }

    /** @param shape adds a projection or filter to each segment's request */
    static <T> List<T> parallel(
            DynamoDbClient dynamo,
            String table,
            int segments,
            UnaryOperator<ScanRequest.Builder> shape,
            Function<List<Map<String, AttributeValue>>, T> perPage) {
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(segments, 16));
        AtomicBoolean failed = new AtomicBoolean();
        try {
            List<Future<List<T>>> futures = new ArrayList<>(segments);
            for (int segment = 0; segment < segments; segment++) {
                int current = segment;
                futures.add(workers.submit(() -> {
                    List<T> results = new ArrayList<>();
                    ScanRequest request = shape.apply(ScanRequest.builder()
                                    .tableName(table)
                                    .segment(current)
                                    .totalSegments(segments))
                            .build();
                    try {
                        for (ScanResponse page : dynamo.scanPaginator(request)) {
                            if (failed.get()) {
                                break;
                            }
                            results.add(perPage.apply(page.items()));
                        }
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                    return results;
                }));
            }
            List<T> all = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                all.addAll(future.get());
            }
            return all;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw sdk;
            }
            throw new IllegalStateException(
                    "scan of " + table + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning " + table, e);
        } finally {
            failed.set(true);
            Workers.stop(workers);
        }
    }
}
