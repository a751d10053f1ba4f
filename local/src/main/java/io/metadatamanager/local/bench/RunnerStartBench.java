package io.metadatamanager.local.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How fast the local runner starts: {@code serve} against the benchmark's engine (so that no dynalite starts),
 * from process start to its port accepting connections, with and without a class-data archive.
 */
final class RunnerStartBench {
    /** A set of extra JVM options and its samples, in milliseconds. */
    record Series(String name, List<String> options, List<Double> millis, List<String> failures) {
        Stats stats() {
            return Stats.of(millis);
        }
    }

    private final Progress progress;

    RunnerStartBench(Progress progress) {
        this.progress = progress;
    }

    Map<String, Series> run(Path java, Path localJar, Path home, URI engine, Path workDir, int rounds)
            throws IOException, InterruptedException {
        Map<String, Series> variants = new LinkedHashMap<>();
        variants.put("default", new Series("default", List.of(), new ArrayList<>(), new ArrayList<>()));
        Path jsa = workDir.resolve("runner.jsa");
        progress.say("local runner: AppCDS training run");
        if (train(java, localJar, home, engine, workDir, List.of("-XX:ArchiveClassesAtExit=" + jsa), jsa)) {
            variants.put("AppCDS", new Series("AppCDS (dynamic archive)",
                    List.of("-Xshare:on", "-XX:SharedArchiveFile=" + jsa), new ArrayList<>(), new ArrayList<>()));
        }
        if (Runtime.version().feature() >= 25) {
            Path aot = workDir.resolve("runner.aot");
            progress.say("local runner: AOT cache training run");
            if (train(java, localJar, home, engine, workDir, List.of("-XX:AOTCacheOutput=" + aot), aot)) {
                variants.put("AOT", new Series("AOT cache (JDK 25)",
                        List.of("-XX:AOTMode=on", "-XX:AOTCache=" + aot), new ArrayList<>(), new ArrayList<>()));
            }
        }
        for (int round = 1; round <= rounds; round++) {
            progress.say("local runner starts, round %d of %d", round, rounds);
            for (Series series : variants.values()) {
                try {
                    series.millis().add(timeToListen(java, localJar, home, engine, workDir, series.options()));
                } catch (IOException e) {
                    series.failures().add(e.getMessage());
                }
            }
        }
        return variants;
    }

    private boolean train(Path java, Path localJar, Path home, URI engine, Path workDir, List<String> options,
            Path archive) throws IOException, InterruptedException {
        Files.deleteIfExists(archive);
        try {
            timeToListen(java, localJar, home, engine, workDir, options);
        } catch (IOException e) {
            return false;
        }
        return Files.isRegularFile(archive) && Files.size(archive) > 0;
    }

    /** Starts {@code serve}, waits for its port, then stops it (SIGTERM) and waits for it to exit. */
    private static double timeToListen(Path java, Path localJar, Path home, URI engine, Path workDir,
            List<String> options) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(options);
        command.addAll(List.of("-Dmm.home=" + home, "-jar", localJar.toString(), "serve", "--port",
                Integer.toString(port), "--dynamodb-endpoint", engine.toString(), "--table", "runner",
                "--data-dir", workDir.resolve("runner").toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("runner.log").toFile()))
                .start();
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("serve exited with " + process.exitValue());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                    return (System.nanoTime() - start) / 1e6;
                } catch (IOException notYet) {
                    Thread.sleep(5);
                }
            }
            throw new IOException("serve did not listen within 60 s");
        } finally {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }
}
