package io.metadatamanager.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** API Gateway events kept as files under {@code src/test/resources/events/}. */
final class Fixtures {
    private static final Json JSON = new Json();

    private Fixtures() {}

    /** The file as it is, byte for byte. */
    static byte[] bytes(String name) {
        String resource = "/events/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as a JSON object, a fresh copy that a test may change. */
    static ObjectNode event(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
