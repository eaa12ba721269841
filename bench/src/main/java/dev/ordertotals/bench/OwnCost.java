package dev.ordertotals.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.handler.OrderTotalsHandler;
import dev.ordertotals.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The function's own cost, against a {@link NullEngine}: the handler the runtime builds (its public no-arg
 * constructor, the environment naming the tables and {@code AWS_ENDPOINT_URL} the null engine) over the batches the
 * baseline's workload captured, each event handed over as Lambda's JSON bytes: the handler (a stream handler) reads
 * them itself, inside the timed call, where the baseline's handler is handed parsed JSON. Per batch it takes the handler thread's CPU time and the wall time of
 * {@code handleRequest}, then reports them per 1,000 records over two windows of the same records the Python side
 * reports: the early one (records 400 to 1,400: the JIT still compiling) and the steady one (from record 1,400 on).
 *
 * <pre>OwnCost BATCHES_JSON OUT_JSONL BATCH_SIZE</pre>
 */
public final class OwnCost {

    /** Where the windows start, in records: the same for both sides (see own_cost.py). */
    static final int EARLY_FROM = 400;

    static final int STEADY_FROM = 1_400;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A batch with nothing to retry, as the handler answers it. */
    private static final String COMPLETE = "{\"batchItemFailures\":[]}";

    private OwnCost() {}

    public static void main(String[] args) throws Exception {
        JsonNode batches = JSON.readTree(Path.of(args[0]).toFile());
        List<byte[]> events = new ArrayList<>();
        for (JsonNode batch : batches) {
            events.add(JSON.writeValueAsBytes(batch));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long initStart = System.nanoTime();
        OrderTotalsHandler handler = new OrderTotalsHandler();
        double initMs = (System.nanoTime() - initStart) / 1e6;
        Window early = new Window();
        Window steady = new Window();
        double firstBatchMs = Double.NaN;
        int records = 0;
        for (byte[] event : events) {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            TestContext context = TestContext.withPlentyOfTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event), response, context);
            long wallNanos = System.nanoTime() - wall;
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
            if (!response.toString(StandardCharsets.UTF_8).equals(COMPLETE)) {
                throw new IllegalStateException("the null engine answered success, yet the batch failed: " + response);
            }
            if (records == 0) {
                firstBatchMs = wallNanos / 1e6;
            }
            int size = JSON.readTree(event).path("Records").size();
            if (records >= STEADY_FROM) {
                steady.add(size, cpuNanos, wallNanos);
            } else if (records >= EARLY_FROM) {
                early.add(size, cpuNanos, wallNanos);
            }
            records += size;
        }
        ObjectNode line = JSON.createObjectNode()
                .put("side", "java")
                .put("batch_size", Integer.parseInt(args[2]))
                .put("records", records)
                .put("init_ms", initMs)
                .put("first_batch_ms", firstBatchMs);
        early.into(line, "early");
        steady.into(line, "steady");
        Files.writeString(
                Path.of(args[1]),
                JSON.writeValueAsString(line) + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** CPU and wall of the batches in one window, per 1,000 of its records. */
    private static final class Window {
        private int records;
        private long cpuNanos;
        private long wallNanos;

        void add(int size, long cpu, long wall) {
            records += size;
            cpuNanos += cpu;
            wallNanos += wall;
        }

        void into(ObjectNode line, String name) {
            line.put(name + "_records", records);
            line.put(name + "_cpu_ms_per_1000", records == 0 ? Double.NaN : cpuNanos / 1e6 * 1000 / records);
            line.put(name + "_wall_ms_per_1000", records == 0 ? Double.NaN : wallNanos / 1e6 * 1000 / records);
        }
    }
}
