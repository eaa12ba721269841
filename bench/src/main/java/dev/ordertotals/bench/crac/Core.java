package dev.ordertotals.bench.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * Emulated CRaC core: keeps the resources registered through {@code org.crac.Core.getGlobalContext()} and runs
 * them as a checkpoint followed by an immediate restore would: {@code beforeCheckpoint} in reverse order of
 * registration, then {@code afterRestore} in order. No snapshot is taken; the timings are what the hooks cost.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Resources registered so far (org.crac registers proxies that forward to the real ones). */
    public static synchronized int registered() {
        return GLOBAL.resources.size();
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        beforeCheckpoint();
        afterRestore();
    }

    public static void beforeCheckpoint() throws CheckpointException {
        List<Resource> resources = snapshot();
        CheckpointException failure = null;
        for (int index = resources.size() - 1; index >= 0; index--) {
            try {
                resources.get(index).beforeCheckpoint(GLOBAL);
            } catch (Exception e) {
                failure = failure == null ? new CheckpointException() : failure;
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public static void afterRestore() throws RestoreException {
        RestoreException failure = null;
        for (Resource resource : snapshot()) {
            try {
                resource.afterRestore(GLOBAL);
            } catch (Exception e) {
                failure = failure == null ? new RestoreException() : failure;
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static synchronized List<Resource> snapshot() {
        return new ArrayList<>(GLOBAL.resources);
    }

    private static final class GlobalContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public void register(Resource resource) {
            synchronized (Core.class) {
                resources.add(resource);
            }
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            Core.beforeCheckpoint();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws RestoreException {
            Core.afterRestore();
        }
    }
}
