package dev.ordertotals.bench.cold;

import com.amazonaws.services.lambda.crac.Context;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.Resource;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;
import java.lang.reflect.Field;

/**
 * A SnapStart checkpoint and restore as Lambda's Java runtime drives them, without the snapshot: the runtime
 * interface client's own CRaC context runs every registered resource's {@code beforeCheckpoint} (latest
 * registration first), clears the DNS cache and collects garbage; then {@code afterRestore} in registration order.
 *
 * <p>Why this context and not org.crac's: on a JVM without CRaC, org.crac drops registrations and its global
 * context refuses to run hooks ("should not call this"). It hands them on only to the implementation named by
 * {@code -Dorg.crac.Core.Compat}; Lambda's runtime starts the JVM with
 * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac} and the interface client on the classpath, and
 * so do the restore-equivalent runs ({@link #COMPAT}, checked here so a run without it fails instead of timing
 * a first batch that was never primed).
 */
final class RuntimeCheckpoint {

    static final String COMPAT = "com.amazonaws.services.lambda.crac";

    private RuntimeCheckpoint() {}

    /**
     * Loads the client's native library (the DNS cache is cleared natively), as the runtime does when it starts,
     * before any handler init. From {@code -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI}
     * when given, as Lambda gives it; otherwise the client unpacks it from its jar.
     */
    static void startRuntime() {
        String compat = System.getProperty("org.crac.Core.Compat");
        if (!COMPAT.equals(compat)) {
            throw new IllegalStateException("the handler's org.crac resources reach Lambda's runtime context only with "
                    + "-Dorg.crac.Core.Compat=" + COMPAT + " (got " + compat + ")");
        }
        JniHelper.load();
    }

    static void beforeCheckpoint() throws Exception {
        Core.getGlobalContext().beforeCheckpoint(null);
    }

    static void afterRestore() throws Exception {
        Core.getGlobalContext().afterRestore(null);
    }

    /**
     * How many resources were registered, for the report's "priming hook found" line; -1 when unknown. The
     * context has no public count: this reads its registration counter, which a future client may rename.
     */
    static long registrations() {
        Context<Resource> context = Core.getGlobalContext();
        try {
            Field order = context.getClass().getDeclaredField("order");
            order.setAccessible(true);
            return order.getLong(context) + 1;
        } catch (ReflectiveOperationException | RuntimeException unknown) {
            return -1;
        }
    }
}
