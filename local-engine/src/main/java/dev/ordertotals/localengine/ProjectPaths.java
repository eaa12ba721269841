package dev.ordertotals.localengine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project root: where {@code cdk.json} lives. Tests run from a module folder, tools from anywhere inside. */
public final class ProjectPaths {

    private ProjectPaths() {}

    public static Path root() {
        String configured = System.getProperty("project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("cdk.json")) && Files.exists(dir.resolve("requirements-dev.txt"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "Cannot find the project root (a folder with cdk.json): run from inside the project "
                        + "or pass -Dproject.root=/path/to/project");
    }
}
