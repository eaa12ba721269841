package dev.ordertotals.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.FunctionArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the deployment jar carries, read from the jar the build made (the function module is built before this
 * one): the handler the stack names, and none of the weight a Lambda has no use for, which a dependency update could
 * quietly bring back.
 */
class FunctionJarTest {

    private static List<String> entries;

    @BeforeAll
    static void readTheJar() throws IOException {
        Path jar = ReadmeCommandsTest.projectRoot().resolve(FunctionArtifact.JAR);
        assertThat(jar)
                .as("the function module packages it before this module's tests (./mvnw verify, not test)")
                .isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void carriesTheHandlerTheStackDeploys() {
        String handlerClass = FunctionArtifact.HANDLER.substring(0, FunctionArtifact.HANDLER.indexOf("::"));
        assertThat(entries).contains(handlerClass.replace('.', '/') + ".class");
    }

    @Test
    void carriesNoApacheOrNettyHttpClient() {
        assertThat(entries)
                .filteredOn(name -> name.startsWith("org/apache/http/")
                        || name.startsWith("org/apache/hc/")
                        || name.startsWith("io/netty/")
                        || name.startsWith("software/amazon/awssdk/http/apache")
                        || name.startsWith("software/amazon/awssdk/http/nio/netty"))
                .as("the JDK's url-connection client is the function's only HTTP client")
                .isEmpty();
    }

    @Test
    void carriesNoneOfTheProjectsLocalOrToolCode() {
        assertThat(entries)
                .filteredOn(name -> name.startsWith("dev/ordertotals/")
                        && !name.endsWith("/")
                        && !name.startsWith("dev/ordertotals/contract/")
                        && !name.startsWith("dev/ordertotals/aggregation/")
                        && !name.startsWith("dev/ordertotals/stream/")
                        && !name.startsWith("dev/ordertotals/commit/")
                        && !name.startsWith("dev/ordertotals/batch/")
                        && !name.startsWith("dev/ordertotals/snapstart/")
                        && !name.startsWith("dev/ordertotals/handler/"))
                .isEmpty();
    }

    @Test
    void staysUnderLambdasZipLimitWithRoomToSpare() throws IOException {
        // Lambda takes up to 50 MB zipped; a jar past a fifth of that has picked up something it should not have.
        assertThat(Files.size(ReadmeCommandsTest.projectRoot().resolve(FunctionArtifact.JAR)))
                .isLessThan(10_000_000L);
    }
}
