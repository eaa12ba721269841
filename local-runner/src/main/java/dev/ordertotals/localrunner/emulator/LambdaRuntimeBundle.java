package dev.ordertotals.localrunner.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class path of the emulated Lambda runtime, laid out in a temporary folder: the invoke loop's own classes
 * (package {@code dev.ordertotals.tools.runtime}, copied out of the tools jar or classes folder) plus
 * aws-lambda-java-core and aws-lambda-java-serialization (jars the build copies into the tools jar). The
 * function jar is not on it: the loop loads that in its own class loader.
 */
public final class LambdaRuntimeBundle {

    public static final String MAIN_CLASS = "dev.ordertotals.localrunner.runtime.InvokeLoop";
    private static final String PACKAGE_PATH = "dev/ordertotals/tools/runtime/";
    private static final List<String> JARS = List.of("aws-lambda-java-core.jar", "aws-lambda-java-serialization.jar");

    private static Path materialized;

    private LambdaRuntimeBundle() {
    }

    /** The runtime's class path entries; laid out once per JVM and removed when it exits. */
    public static synchronized List<Path> classPath() {
        try {
            if (materialized == null) {
                Path dir = Files.createTempDirectory("order-totals-lambda-runtime-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "lambda-runtime-cleanup"));
                copyRuntimeClasses(dir.resolve("classes"));
                for (String jar : JARS) {
                    try (InputStream in = LambdaRuntimeBundle.class.getResourceAsStream("/lambda-runtime/" + jar)) {
                        if (in == null) {
                            throw new IllegalStateException("lambda-runtime/" + jar + " is missing from the tools build (mvn -pl tools package)");
                        }
                        Files.copy(in, dir.resolve(jar));
                    }
                }
                materialized = dir;
            }
            List<Path> entries = new ArrayList<>();
            entries.add(materialized.resolve("classes"));
            JARS.forEach(jar -> entries.add(materialized.resolve(jar)));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lay out the emulated Lambda runtime", e);
        }
    }

    private static void copyRuntimeClasses(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(LambdaRuntimeBundle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(source)) {
            Path from = source.resolve(PACKAGE_PATH);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(PACKAGE_PATH).resolve(from.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith(PACKAGE_PATH) && !e.isDirectory()).toList()) {
                Path to = target.resolve(entry.getName());
                Files.createDirectories(to.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temporary folder
        }
    }
}
