package dev.ordertotals.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npx cdk synth|deploy} run cdk.json's app, which must find a JDK 25 the way the scripts do where the default
 * {@code java} is older (Maven refuses to build on it), or say what to set in one line before any build output.
 */
class CdkAppTest {

    private static final Path ROOT = SynthesizedStack.projectRoot();

    @TempDir
    Path dir;

    @Test
    void cdkJsonsAppIsTheScriptThatFindsTheJdk() throws IOException {
        Map<?, ?> cdkJson =
                new ObjectMapper().readValue(ROOT.resolve("cdk.json").toFile(), Map.class);

        assertThat(cdkJson.get("app")).isEqualTo("scripts/cdk-app");
        Path script = ROOT.resolve("scripts/cdk-app");
        assertThat(script).isExecutable();
        List<String> lines = Files.readAllLines(script);
        int jdk = lines.indexOf("source \"$ROOT/scripts/jdk.sh\"");
        int firstBuild = lines.stream()
                .filter(line -> line.contains("./mvnw"))
                .findFirst()
                .map(lines::indexOf)
                .orElseThrow();
        assertThat(jdk)
                .as("jdk.sh sourced before the first build")
                .isNotNegative()
                .isLessThan(firstBuild);
    }

    @Test
    void withAnOlderJavaFirstOnThePathAJdk25IsPicked() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/usr/lib/jvm")) || Files.isDirectory(Path.of("/opt/java")))
                .as("a JDK folder the scripts search")
                .isTrue();
        Path old = oldJdk();

        Result result = bash(
                "source scripts/jdk.sh && java -XshowSettings:properties -version 2>&1 | grep 'java.specification.version'",
                old);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(Integer.parseInt(result.output().replaceAll("[^0-9]", ""))).isGreaterThanOrEqualTo(25);
    }

    @Test
    void withNoJdk25ItSaysWhatToSetInOneLineBeforeAnyBuild() throws Exception {
        // jdk.sh as it is, searching an empty folder instead of /usr/lib/jvm and /opt/java.
        Path empty = Files.createDirectory(dir.resolve("jvm"));
        String script = Files.readString(ROOT.resolve("scripts/jdk.sh"))
                .replace("/usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /opt/java/*", empty + "/*");
        Path jdkSh = Files.writeString(dir.resolve("jdk.sh"), script);

        Result result = bash("source " + jdkSh + " && echo built", oldJdk());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output().lines()).hasSize(1);
        assertThat(result.output())
                .startsWith("A JDK 25 or newer is required (Lambda runtime java25): JAVA_HOME (" + oldJdk()
                        + ") is not one")
                .contains("export JAVA_HOME=/path/to/jdk-25")
                .doesNotContain("built");
    }

    /** A stand-in for a JDK 17 home: its java says it is 17. */
    private Path oldJdk() throws IOException {
        Path home = dir.resolve("jdk-17");
        Path java = home.resolve("bin/java");
        if (!Files.exists(java)) {
            Files.createDirectories(java.getParent());
            Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private record Result(int exit, String output) {}

    private static Result bash(String command, Path javaHome) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("PATH", javaHome.resolve("bin") + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output.strip());
    }
}
