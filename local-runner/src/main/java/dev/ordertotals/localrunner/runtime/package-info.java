/**
 * The emulated Lambda Java runtime: the only code that runs in the child JVM beside the function jar.
 *
 * <p>It may use the JDK, aws-lambda-java-core and aws-lambda-java-serialization and nothing else from the
 * tools (its class path holds only this package and those two jars), just as the real runtime keeps its own
 * classes apart from the function's.
 */
package dev.ordertotals.localrunner.runtime;
