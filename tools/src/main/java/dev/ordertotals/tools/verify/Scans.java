package dev.ordertotals.tools.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** A parallel Scan: one worker per segment, each page handed to {@code perPage} as it arrives. */
final class Scans {

    private Scans() {
    }

    static <T> List<T> parallel(DynamoDbClient dynamo, String table, int segments, Function<List<Map<String, AttributeValue>>, T> perPage) {
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(segments, 16));
        try {
            List<Future<List<T>>> futures = new ArrayList<>(segments);
            for (int segment = 0; segment < segments; segment++) {
                int current = segment;
                futures.add(workers.submit(() -> {
                    List<T> results = new ArrayList<>();
                    for (ScanResponse page : dynamo.scanPaginator(request -> request.tableName(table).segment(current).totalSegments(segments))) {
                        results.add(perPage.apply(page.items()));
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
            throw new IllegalStateException("scan of " + table + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning " + table, e);
        } finally {
            workers.shutdownNow();
        }
    }
}
