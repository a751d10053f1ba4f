package io.metadatamanager.local.bench;

import java.io.PrintStream;

/** What the benchmark is doing, on standard error, with the elapsed time. */
final class Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void say(String format, Object... args) {
        out.printf("[%5.0fs] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
    }
}
