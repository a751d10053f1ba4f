package io.metadatamanager.dynalite;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: the {@code mm.home} system property, else the nearest folder upward. */
public final class RepositoryHome {
    private RepositoryHome() {}

    public static Path find() {
        String property = System.getProperty("mm.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/dynalite/package-lock.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (tools/dynalite); set -Dmm.home");
    }
}
