package dev.ordertotals.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordertotals.localengine.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The segments a reconcile run has finished, in a small JSON file, so an interrupted run can go on where it stopped
 * ({@code --resume}). A segment is recorded only once every order in it is reconciled; what a finished segment held
 * stays right afterwards, because from then on the function moves its ledger entries with each change. The file is
 * written after every finished segment (so a Ctrl-C, or a crash, loses at most the segments in progress) and
 * deleted when the run completes.
 */
public final class ReconcileCheckpoint {

    /** The two passes of a run: the orders, then the ledger entries whose orders are gone. */
    public enum Pass {
        ORDERS,
        LEDGER
    }

    private final Path file;
    private final String ordersTable;
    private final String ledgerTable;
    private final int segments;
    private final Set<Integer> ordersDone = new TreeSet<>();
    private final Set<Integer> ledgerDone = new TreeSet<>();
    private boolean enabled = true;

    private ReconcileCheckpoint(Path file, String ordersTable, String ledgerTable, int segments) {
        this.file = file;
        this.ordersTable = ordersTable;
        this.ledgerTable = ledgerTable;
        this.segments = segments;
    }

    /** A checkpoint in memory only: nothing is read or written (dry runs, tests, the local runner). */
    public static ReconcileCheckpoint none(int segments) {
        ReconcileCheckpoint checkpoint = new ReconcileCheckpoint(null, "", "", segments);
        checkpoint.enabled = false;
        return checkpoint;
    }

    /** A fresh checkpoint written to {@code file} as segments finish. */
    public static ReconcileCheckpoint fresh(Path file, String ordersTable, String ledgerTable, int segments) {
        return new ReconcileCheckpoint(file, ordersTable, ledgerTable, segments);
    }

    /** The default file for a run on {@code ordersTable}: in the current directory. */
    public static Path defaultFile(String ordersTable) {
        return Path.of(".reconcile-" + ordersTable.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /**
     * The checkpoint in {@code file}, if there is one. It must be of the same tables and segment count: segments are
     * only comparable between scans cut into the same number of them.
     */
    public static Optional<ReconcileCheckpoint> load(Path file, String ordersTable, String ledgerTable, int segments) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the checkpoint " + file + ": " + e.getMessage());
        }
        if (!ordersTable.equals(json.path("ordersTable").asText())
                || !ledgerTable.equals(json.path("ledgerTable").asText())) {
            throw new IllegalArgumentException("the checkpoint " + file + " is of tables "
                    + json.path("ordersTable").asText() + " and "
                    + json.path("ledgerTable").asText() + "; pass --checkpoint with another file, or delete it");
        }
        if (json.path("segments").asInt() != segments) {
            throw new IllegalArgumentException("the checkpoint " + file + " was made with --segments "
                    + json.path("segments").asInt() + "; resume with the same number");
        }
        ReconcileCheckpoint checkpoint = new ReconcileCheckpoint(file, ordersTable, ledgerTable, segments);
        json.path("ordersDone").forEach(segment -> checkpoint.ordersDone.add(segment.asInt()));
        json.path("ledgerDone").forEach(segment -> checkpoint.ledgerDone.add(segment.asInt()));
        return Optional.of(checkpoint);
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

    /** Writes the file (atomically: a reader sees the old or the new one). */
    public synchronized void save() {
        if (!enabled) {
            return;
        }
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("ordersTable", ordersTable).put("ledgerTable", ledgerTable).put("segments", segments);
        ordersDone.forEach(json.putArray("ordersDone")::add);
        ledgerDone.forEach(json.putArray("ledgerDone")::add);
        try {
            Path absolute = file.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".reconcile-", ".tmp");
            Files.writeString(temporary, json.toPrettyString());
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
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
}
