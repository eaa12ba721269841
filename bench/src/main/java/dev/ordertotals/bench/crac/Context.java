package dev.ordertotals.bench.crac;

/** Emulated CRaC context (see {@link Resource}). */
public abstract class Context<R extends Resource> implements Resource {

    protected Context() {
    }

    public abstract void register(R resource);
}
