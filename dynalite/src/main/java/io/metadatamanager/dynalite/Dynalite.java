package io.metadatamanager.dynalite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dynalite process on 127.0.0.1 and a free port, installed on first use with {@code npm ci} from the
 * repository's lockfile ({@code tools/dynalite}). Closing it stops the process.
 */
public final class Dynalite implements AutoCloseable {
    /** The oldest Node.js that dynalite supports. */
    public static final int MIN_NODE_MAJOR = 20;

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\..*");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;

    private Dynalite(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Installs dynalite if needed and starts it.
     *
     * @param home the repository root (where {@code tools/dynalite/package-lock.json} is)
     * @param dataDir where to persist tables; empty for an in-memory engine
     */
    public static Dynalite start(Path home, Optional<Path> dataDir) {
        Path tool = home.resolve("tools/dynalite");
        if (!Files.isRegularFile(tool.resolve("package-lock.json"))) {
            throw new IllegalStateException("no tools/dynalite/package-lock.json under " + home);
        }
        checkNode();
        install(tool);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    "node", tool.resolve("node_modules/dynalite/cli.js").toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
            if (dataDir.isPresent()) {
                Path path = dataDir.get().resolve("dynalite");
                createDirectories(path);
                command.add("--path");
                command.add(path.toString());
            }
            Process process = launch(new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT));
            if (awaitListening(process, port)) {
                return new Dynalite(process, URI.create("http://127.0.0.1:" + port));
            }
            process.destroyForcibly();
            if (attempt == 3) {
                throw new IllegalStateException("dynalite did not start (exit code "
                        + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void checkNode() {
        String version;
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            node.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Node.js " + MIN_NODE_MAJOR + " or newer is needed for the local engine (dynalite); "
                            + "'node' was not found on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Matcher m = NODE_VERSION.matcher(version);
        if (!m.matches() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException("Node.js " + MIN_NODE_MAJOR
                    + " or newer is needed for the local engine (dynalite); found " + version);
        }
    }

    /** {@code npm ci} unless the pinned version is installed; serialized across processes by a file lock. */
    private static void install(Path tool) {
        Path marker = tool.resolve("node_modules/.package-lock.json");
        try (FileChannel channel = FileChannel.open(tool.resolve(".install.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (Files.isRegularFile(tool.resolve("node_modules/dynalite/cli.js"))
                    && Files.isRegularFile(marker)
                    && Files.getLastModifiedTime(marker).compareTo(
                            Files.getLastModifiedTime(tool.resolve("package-lock.json"))) >= 0) {
                return;
            }
            System.err.println("Installing dynalite (npm ci in " + tool + ") ...");
            Process npm = launch(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(tool.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT));
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed in " + tool);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install dynalite in " + tool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing dynalite", e);
        }
    }

    private static boolean awaitListening(Process process, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static Process launch(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command().getFirst(), e);
        }
    }

    private static void createDirectories(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }
}
