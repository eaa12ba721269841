package dev.ordertotals.bench.crac;

/**
 * Emulated CRaC API, loaded by {@code org.crac.Core} when the JVM runs with
 * {@code -Dorg.crac.Core.Compat=dev.ordertotals.bench.crac}: org.crac looks up {@code <package>.Resource},
 * {@code .Context}, {@code .Core}, {@code .CheckpointException} and {@code .RestoreException} by name and forwards
 * {@code Core.getGlobalContext().register(..)} and {@code Core.checkpointRestore()} to them. This lets a plain JVM
 * (no CRaC, no SnapStart) run the handler's registered priming hooks exactly as a checkpoint would.
 */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
