package io.metadatamanager.dynalite;

import java.util.Optional;

/**
 * One in-memory dynalite per test JVM, started on first use and stopped when the JVM exits. For tests
 * only; the local runner manages its own {@link Dynalite}.
 */
public final class SharedDynalite {
    private static Dynalite instance;

    private SharedDynalite() {}

    public static synchronized Dynalite get() {
        if (instance == null || !instance.isAlive()) {
            Dynalite started = Dynalite.start(RepositoryHome.find(), Optional.empty());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dynalite-stop"));
            instance = started;
        }
        return instance;
    }
}
