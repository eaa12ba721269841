package dev.ordertotals.bench.crac;

/** Emulated CRaC checkpoint failure (see {@link Resource}). */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    public CheckpointException() {
        super("beforeCheckpoint failed");
    }
}
