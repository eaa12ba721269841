package dev.ordertotals.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.aggregation.Aggregations;
import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import dev.ordertotals.operator.aws.PipelineCheck;
import dev.ordertotals.stream.AggregationsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The segments a reconcile run has finished, in a small JSON file, so an interrupted run can go on where it stopped
 * ({@code --resume}). A segment is recorded only once every order in it is reconciled; what a finished segment held
 * stays right afterwards, because from then on the function moves its ledger entries with each change. The file is
 * written after every finished segment (so a Ctrl-C, or a crash, loses at most the segments in progress) and
 * deleted when the run completes.
 *
 * <p>It records what it was taken against ({@link Target}): the endpoint (or AWS), and each table's ARN (account and
 * region included) and creation time. {@code --resume} refuses a checkpoint of anything else: tables of the same
 * names in another account, region or local engine, or a table deleted and created again, are other tables, and
 * skipping "finished" segments of them would leave this run's orders unreconciled.
 */
public final class ReconcileCheckpoint {

    /** The two passes of a run: the orders, then the ledger entries whose orders are gone. */
    public enum Pass {
        ORDERS,
        LEDGER
    }

    /** One table as the checkpoint identifies it. */
    public record Table(String name, String arn, String created) {

        String describe() {
            return arn + " (created " + created + ")";
        }
    }

    /**
     * What a run works on.
     *
     * @param endpoint the endpoint the calls went to, or {@code AWS} (the ARNs then say account and region)
     * @param tables the orders, totals and ledger tables, by role ({@code orders}, {@code totals}, {@code ledger})
     * @param aggregations the aggregations reconciled: a segment done for some is not done for others
     */
    public record Target(String endpoint, Map<String, Table> tables, List<Aggregation> aggregations) {

        public Target {
            tables = Map.copyOf(tables);
            aggregations = List.copyOf(aggregations);
        }

        /** A run of the source document's aggregation alone, on the totals table (what a checkpoint without any says). */
        public Target(String endpoint, Map<String, Table> tables) {
            this(endpoint, tables, defaultAggregations(tables));
        }

        private static List<Aggregation> defaultAggregations(Map<String, Table> tables) {
            Table totals = tables.get(PipelineTags.ROLE_TOTALS);
            return totals == null ? List.of() : List.of(Aggregation.orderTotals(totals.name()));
        }

        /** The target of a run through {@code clients} on the tables the pipeline check found. */
        public static Target of(Optional<URI> endpoint, PipelineCheck.Verified verified) {
            Target tables = of(endpoint, verified, List.of());
            return new Target(tables.endpoint(), tables.tables());
        }

        /** The target of a run reconciling {@code aggregations}, through {@code clients}, on the tables found. */
        public static Target of(Optional<URI> endpoint, PipelineCheck.Verified verified, Aggregations aggregations) {
            return of(endpoint, verified, aggregations.all());
        }

        private static Target of(
                Optional<URI> endpoint, PipelineCheck.Verified verified, List<Aggregation> aggregations) {
            Map<String, Table> tables = new TreeMap<>();
            for (String role : List.of(PipelineTags.ROLE_ORDERS, PipelineTags.ROLE_TOTALS, PipelineTags.ROLE_LEDGER)) {
                PipelineCheck.Resource resource = verified.get(role);
                tables.put(
                        role,
                        new Table(
                                resource.name(),
                                resource.arn(),
                                resource.created().map(Instant::toString).orElse("unknown")));
            }
            return new Target(endpoint.map(URI::toString).orElse(AWS), tables, aggregations);
        }

        String ordersTable() {
            return tables.get(PipelineTags.ROLE_ORDERS).name();
        }

        /** The first way {@code other} differs from this, as a reader needs it; empty when they are the same. */
        Optional<String> difference(Target other) {
            if (!endpoint.equals(other.endpoint)) {
                return Optional.of("it was taken against " + endpoint + ", this run works against " + other.endpoint);
            }
            for (var entry : new TreeMap<>(tables).entrySet()) {
                Table taken = entry.getValue();
                Table now = other.tables.get(entry.getKey());
                if (!taken.equals(now)) {
                    return Optional.of("its " + entry.getKey() + " table is " + taken.describe() + ", this run's is "
                            + (now == null ? "none" : now.describe()));
                }
            }
            if (!aggregations.equals(other.aggregations)) {
                List<String> taken = names(aggregations);
                List<String> now = names(other.aggregations);
                return Optional.of(
                        taken.equals(now)
                                ? "its aggregations " + taken + " were declared otherwise than this run's"
                                : "it reconciled aggregations " + taken + ", this run reconciles " + now);
            }
            return Optional.empty();
        }

        private static List<String> names(List<Aggregation> aggregations) {
            return aggregations.stream().map(Aggregation::name).toList();
        }
    }

    private static final String AWS = "AWS";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Target target;
    private final int segments;
    private final Set<Integer> ordersDone = new TreeSet<>();
    private final Set<Integer> ledgerDone = new TreeSet<>();
    private boolean enabled = true;

    private ReconcileCheckpoint(Path file, Target target, int segments) {
        this.file = file;
        this.target = target;
        this.segments = segments;
    }

    /** A checkpoint in memory only: nothing is read or written (dry runs, tests, the local runner). */
    public static ReconcileCheckpoint none(int segments) {
        ReconcileCheckpoint checkpoint = new ReconcileCheckpoint(null, null, segments);
        checkpoint.enabled = false;
        return checkpoint;
    }

    /** A fresh checkpoint written to {@code file} as segments finish. */
    public static ReconcileCheckpoint fresh(Path file, Target target, int segments) {
        return new ReconcileCheckpoint(file, target, segments);
    }

    /** The default file for a run on {@code ordersTable}: in the current directory. */
    public static Path defaultFile(String ordersTable) {
        return Path.of(".reconcile-" + ordersTable.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /**
     * Fails, before any work, when the checkpoint cannot be written to {@code file}: its folder is missing or not
     * writable. Leaves nothing behind.
     */
    public static void checkWritable(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--checkpoint " + file + ": the folder " + folder
                    + " does not exist; create it, or choose a file in an existing folder");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(
                    "--checkpoint " + file + " is a folder; give a file name, e.g. " + file.resolve("reconcile.json"));
        }
        try {
            Files.delete(Files.createTempFile(folder, ".reconcile-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException("--checkpoint " + file + ": cannot write in " + folder + " ("
                    + e.getClass().getSimpleName() + "); choose a folder you can write to");
        }
    }

    /**
     * The checkpoint in {@code file}, if there is one. It must be of the same target (endpoint or account and region,
     * the same tables) and segment count: segments are only comparable between scans cut into the same number of
     * them.
     */
    public static Optional<ReconcileCheckpoint> load(Path file, Target target, int segments) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("cannot read the checkpoint " + file + " ("
                    + reason.lines().findFirst().orElse(reason)
                    + "); run without --resume to start over (it is replaced)");
        }
        Target taken = target(json)
                .orElseThrow(() -> new IllegalArgumentException("the checkpoint " + file
                        + " does not say which endpoint or account its tables are in (an older version wrote it), so it"
                        + " cannot be trusted: run without --resume to start over (it is replaced)"));
        taken.difference(target).ifPresent(difference -> {
            throw new IllegalArgumentException("the checkpoint " + file + " is another run's: " + difference
                    + "; run without --resume to start over, or pass --checkpoint with another file");
        });
        if (json.path("segments").asInt() != segments) {
            throw new IllegalArgumentException("the checkpoint " + file + " was made with --segments "
                    + json.path("segments").asInt() + "; resume with the same number");
        }
        ReconcileCheckpoint checkpoint = new ReconcileCheckpoint(file, target, segments);
        json.path("ordersDone").forEach(segment -> checkpoint.ordersDone.add(segment.asInt()));
        json.path("ledgerDone").forEach(segment -> checkpoint.ledgerDone.add(segment.asInt()));
        return Optional.of(checkpoint);
    }

    private static Optional<Target> target(JsonNode json) {
        JsonNode endpoint = json.path("endpoint");
        JsonNode tables = json.path("tables");
        if (!endpoint.isTextual() || !tables.isObject()) {
            return Optional.empty();
        }
        Map<String, Table> byRole = new TreeMap<>();
        tables.properties()
                .forEach(entry -> byRole.put(
                        entry.getKey(),
                        new Table(
                                entry.getValue().path("name").asText(),
                                entry.getValue().path("arn").asText(),
                                entry.getValue().path("created").asText())));
        JsonNode aggregations = json.path("aggregations");
        if (aggregations.isMissingNode()) {
            // Written before aggregations were declared: the source document's alone.
            return Optional.of(new Target(endpoint.asText(), byRole));
        }
        List<Aggregation> reconciled;
        try {
            reconciled = AggregationsConfig.fromJson(aggregations.toString()).all();
        } catch (RuntimeException unreadable) {
            reconciled = List.of(); // compares unequal to any run's, which says so
        }
        return Optional.of(new Target(endpoint.asText(), byRole, reconciled));
    }

    public int segments() {
        return segments;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file).filter(path -> enabled);
    }

    public synchronized boolean done(Pass pass, int segment) {
        return (pass == Pass.ORDERS ? ordersDone : ledgerDone).contains(segment);
    }

    public synchronized int doneCount(Pass pass) {
        return (pass == Pass.ORDERS ? ordersDone : ledgerDone).size();
    }

    /** Records a finished segment, and writes the file. */
    public synchronized void finished(Pass pass, int segment) {
        (pass == Pass.ORDERS ? ordersDone : ledgerDone).add(segment);
        save();
    }

    /** Writes the file (atomically: a reader sees the old or the new one; no temporary file is left behind). */
    public synchronized void save() {
        if (!enabled) {
            return;
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("ordersTable", target.ordersTable()).put("endpoint", target.endpoint());
        ObjectNode tables = json.putObject("tables");
        target.tables()
                .forEach((role, table) -> tables.putObject(role)
                        .put("name", table.name())
                        .put("arn", table.arn())
                        .put("created", table.created()));
        try {
            json.set(
                    "aggregations",
                    JSON.readTree(JSON.writeValueAsString(AggregationDeclarations.toPlain(target.aggregations()))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        json.put("segments", segments);
        ordersDone.forEach(json.putArray("ordersDone")::add);
        ledgerDone.forEach(json.putArray("ledgerDone")::add);
        Path temporary = null;
        try {
            Path absolute = file.toAbsolutePath();
            temporary = Files.createTempFile(absolute.getParent(), ".reconcile-", ".tmp");
            Files.writeString(temporary, json.toPrettyString());
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run completed: the file goes, and nothing writes it again. */
    public synchronized void completed() {
        if (!enabled) {
            return;
        }
        enabled = false;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run failed: a checkpoint that records no finished segment is worth nothing and goes (no file left behind);
     * one that does is kept for {@code --resume}. Returns whether it was kept.
     */
    public synchronized boolean failed() {
        if (!enabled) {
            return false;
        }
        if (ordersDone.isEmpty() && ledgerDone.isEmpty()) {
            completed();
            return false;
        }
        save();
        return true;
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
        }
    }
}
