package dev.ordertotals.bench.crac;

/** Emulated CRaC restore failure (see {@link Resource}). */
public class RestoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public RestoreException() {
        super("afterRestore failed");
    }
}
