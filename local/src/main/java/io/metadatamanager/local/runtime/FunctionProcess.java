package io.metadatamanager.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: a runtime API on a loopback port and the function's JVM polling it. Closing it
 * stops both.
 */
public final class FunctionProcess implements AutoCloseable {
    private final RuntimeApiServer server;
    private final Process process;
    private final long startNanos;

    private FunctionProcess(RuntimeApiServer server, Process process, long startNanos) {
        this.server = server;
        this.process = process;
        this.startNanos = startNanos;
    }

    /** Starts the runtime API, then the function's JVM; does not wait for its init. */
    public static FunctionProcess start(FunctionLaunch launch) {
        RuntimeApiServer server = RuntimeApiServer.start(new RuntimeApi(launch.functionName(), Clock.systemUTC()));
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(launch.taskRoot().toFile())
                .redirectOutput(launch.output())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(launch.processEnvironment(server.address()));
        try {
            Files.createDirectories(launch.taskRoot());
            long start = System.nanoTime();
            Process process = builder.start();
            process.onExit().thenRun(() -> server.api().abandon("Runtime.ExitError"));
            return new FunctionProcess(server, process, start);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot start the function", io)
                    : (RuntimeException) e;
        }
    }

    public RuntimeApi api() {
        return server.api();
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startNanos() {
        return startNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident set size now, in KiB (Linux only). */
    public OptionalLong residentKb() {
        return status("VmRSS:");
    }

    /** The largest resident set size so far, in KiB (Linux only). */
    public OptionalLong peakResidentKb() {
        return status("VmHWM:");
    }

    private OptionalLong status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length()).replace("kB", "").strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /**
     * Asks the function's JVM to exit (SIGTERM, as Lambda does at shutdown) and waits for it, e.g. for it to write
     * a class-data archive at exit.
     *
     * @return whether it exited within {@code grace}
     */
    public boolean shutdown(java.time.Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
