package dev.ordertotals.localrunner.runtime;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The function's code as Lambda lays it out in {@code /var/task}: the deployment package extracted into a folder
 * of its own (here a temporary one, per execution environment), from which the runtime loads the handler's
 * classes and any {@code lib/*.jar}.
 */
public record TaskRoot(Path directory) implements AutoCloseable {

    public static TaskRoot extract(Path deploymentPackage) throws IOException {
        Path directory = Files.createTempDirectory("order-totals-task-");
        try (ZipFile zip = new ZipFile(deploymentPackage.toFile())) {
            // A shaded function jar holds thousands of small files: each folder is created once, each file written
            // straight from the zip, which takes a third less time than going through a zip file system.
            Set<Path> folders = new HashSet<>();
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException(deploymentPackage + " has an entry outside its root: " + entry.getName());
                }
                Path folder = entry.isDirectory() ? target : target.getParent();
                if (folders.add(folder)) {
                    Files.createDirectories(folder);
                }
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry);
                            OutputStream out = new FileOutputStream(target.toFile())) {
                        in.transferTo(out);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LambdaRuntimeBundle.deleteTree(directory);
            throw e;
        }
        return new TaskRoot(directory);
    }

    @Override
    public void close() {
        LambdaRuntimeBundle.deleteTree(directory);
    }
}
