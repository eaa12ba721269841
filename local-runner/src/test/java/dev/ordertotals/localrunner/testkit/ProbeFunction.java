package dev.ordertotals.localrunner.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** A deployment jar holding {@link ProbeHandler} alone, made from this build's test classes. */
public final class ProbeFunction {

    public static final String HANDLER = ProbeHandler.class.getName() + "::handleRequest";

    private ProbeFunction() {}

    public static Path jar(Path directory) {
        String entry = ProbeHandler.class.getName().replace('.', '/') + ".class";
        Path jar = directory.resolve("probe-function.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            Files.copy(testClasses().resolve(entry), out);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static Path testClasses() {
        try {
            return Path.of(ProbeHandler.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
