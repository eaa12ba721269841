package dev.ordertotals.localrunner.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lambda's Java runtime as the function's JVM runs it, laid out in a temporary folder once per tools JVM: the
 * runtime interface client and its runtime dependencies (the jars the build copies into {@code lambda-runtime/}
 * of the tools jar or classes folder), and the client's native library for this machine.
 *
 * @param directory what {@code LAMBDA_RUNTIME_DIR} names
 * @param classPath the runtime's jars, nothing of the tools and nothing of the function
 * @param nativeClient the client's JNI library, extracted here rather than where the client would put it
 */
public record LambdaRuntimeBundle(Path directory, List<Path> classPath, Optional<Path> nativeClient) {

    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The system property the client loads its JNI library from, instead of unpacking its own copy. */
    public static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final String RESOURCE_FOLDER = "lambda-runtime";
    private static final String CLIENT_JAR = "aws-lambda-java-runtime-interface-client.jar";

    private static LambdaRuntimeBundle laidOut;

    /** The runtime, laid out on first use and removed when this JVM exits. */
    public static synchronized LambdaRuntimeBundle get() {
        if (laidOut == null) {
            try {
                laidOut = layOut(Files.createTempDirectory("order-totals-lambda-runtime-"));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not lay out the Lambda runtime", e);
            }
        }
        return laidOut;
    }

    private static LambdaRuntimeBundle layOut(Path directory) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(directory), "lambda-runtime-cleanup"));
        Path code = codeLocation();
        // The same walk whether this class runs from the classes folder (tests) or from the shaded jar.
        try (FileSystem jar = Files.isDirectory(code) ? null : FileSystems.newFileSystem(code)) {
            Path source = jar == null ? code.resolve(RESOURCE_FOLDER) : jar.getPath("/" + RESOURCE_FOLDER);
            if (!Files.isDirectory(source)) {
                throw new IllegalStateException(
                        RESOURCE_FOLDER + "/ is missing from the tools build (mvn -pl tools package)");
            }
            try (Stream<Path> jars = Files.list(source)) {
                for (Path file : jars.filter(
                                path -> path.getFileName().toString().endsWith(".jar"))
                        .toList()) {
                    Files.copy(file, directory.resolve(file.getFileName().toString()));
                }
            }
        }
        List<Path> classPath;
        try (Stream<Path> jars = Files.list(directory)) {
            classPath = jars.filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
        return new LambdaRuntimeBundle(directory, classPath, extractNativeClient(directory));
    }

    /**
     * The client would unpack its library to the fixed path {@code /tmp/.libaws-lambda-jni.so}, which every JVM on
     * this machine shares (on Lambda, /tmp is the sandbox's own): two function JVMs starting at once could load
     * each other's half-written copy. Empty where the jar has no library for this platform: the client then
     * tries its own way and says what failed.
     */
    private static Optional<Path> extractNativeClient(Path directory) throws IOException {
        Optional<String> library = nativePlatform().map(platform -> "jni/libaws-lambda-jni." + platform + ".so");
        if (library.isEmpty()) {
            return Optional.empty();
        }
        try (FileSystem client = FileSystems.newFileSystem(directory.resolve(CLIENT_JAR))) {
            Path entry = client.getPath("/" + library.get());
            if (!Files.exists(entry)) {
                return Optional.empty();
            }
            Path target = directory.resolve("native").resolve("libaws-lambda-jni.so");
            Files.createDirectories(target.getParent());
            Files.copy(entry, target);
            return Optional.of(target);
        }
    }

    private static Path codeLocation() {
        try {
            return Path.of(LambdaRuntimeBundle.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: it is a temporary folder (and a file may vanish under the walk)
        }
    }

    /** The suffix of the client's library for this machine, as its jar names them ({@code jni/libaws-lambda-jni.<suffix>.so}). */
    private static Optional<String> nativePlatform() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (arch == null || !System.getProperty("os.name").equals("Linux")) {
            return Optional.empty();
        }
        boolean musl = Files.exists(
                Path.of("/lib/ld-musl-" + System.getProperty("os.arch").replace("amd64", "x86_64") + ".so.1"));
        return Optional.of((musl ? "linux_musl-" : "linux-") + arch);
    }
}
