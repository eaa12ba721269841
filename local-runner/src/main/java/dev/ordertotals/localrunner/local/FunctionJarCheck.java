package dev.ordertotals.localrunner.local;

import dev.ordertotals.contract.FunctionArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks, before the engine starts, that the jar the function is to run from is a deployment package with the
 * handler's class: a file that is not one would otherwise fail each invocation of the runtime, be retried until the
 * event source gives up, and end in a run that seems to need {@code reconcile}.
 */
final class FunctionJarCheck {

    private FunctionJarCheck() {}

    /**
     * @param option how the user named the jar ({@code --function-jar}), or what it is when it was not named
     * @param handler the template's handler, {@code package.Class::method} or {@code package.Class}; null: only
     *     check that it is a jar
     */
    static void check(Path jar, String handler, String option) {
        String build = "build it with ./mvnw -B -q -DskipTests -pl function -am package";
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(option + " " + jar + ": no such file; " + build
                    + (option.startsWith("--") ? ", or give the path of the function's jar" : ""));
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (handler == null) {
                return;
            }
            String entry = handler.split("::")[0].replace('.', '/') + ".class";
            boolean found = zip.getEntry(entry) != null;
            // A Lambda package may also carry the handler in a jar under lib/: that one is not looked into.
            boolean libraries = zip.stream().anyMatch(file -> file.getName().matches("lib/[^/]+\\.jar"));
            if (!found && !libraries) {
                throw new IllegalArgumentException(option + " " + jar + " has no " + entry + ", the class of the"
                        + " template's handler " + handler + ": give the function's jar (" + FunctionArtifact.JAR
                        + ")");
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(option + " " + jar + " is not a jar (" + e.getMessage()
                    + "): give the function's shaded jar, " + FunctionArtifact.JAR + " (" + build + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + jar + " cannot be read (" + e.getMessage() + ")");
        }
    }
}
