package io.metadatamanager.lambda;

import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.crac.Context;
import org.crac.Resource;

/**
 * Warms the request path before SnapStart takes its snapshot, so that a restored function serves its first
 * request with classes loaded, the JSON and DynamoDB code paths run and the list-cursor key in memory. The
 * priming events (API Gateway REST events under {@code priming/}) read a document that does not exist, list an
 * empty page and replace a document that does not exist: GetItem and Query, no writes, no log lines.
 *
 * <p>Registered with {@code org.crac}, which is harmless without CRaC: outside a CRaC-enabled JVM (SnapStart)
 * the global context is a no-op and {@link #beforeCheckpoint} never runs.
 */
final class Priming implements Resource {
    private static final List<String> EVENTS = List.of("get-absent.json", "list-empty.json", "replace-absent.json");

    private final Runnable prime;

    Priming(Runnable prime) {
        this.prime = Objects.requireNonNull(prime, "prime");
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the HTTP client reconnects on its own after a restore
    }

    /** The priming events, as API Gateway sends them. */
    static List<byte[]> events() {
        return EVENTS.stream().map(Priming::read).toList();
    }

    /** Loads the JCA provider and HMAC classes with a throwaway key; the real key is never used here. */
    static void warmCursorCodec() {
        CursorCodec codec = new CursorCodec(() -> new byte[32]);
        TenantId tenant = new TenantId("priming");
        codec.open(codec.seal("{}", tenant, "all"), tenant, "all");
    }

    private static byte[] read(String name) {
        try (InputStream in = Priming.class.getResourceAsStream("priming/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing priming event " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
