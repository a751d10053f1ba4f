package io.metadatamanager.lambda;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response before it is put into the payload format.
 *
 * @param status the status code
 * @param headers header values by name, in order
 * @param body the body, empty for none
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
    public HttpResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public HttpResponse withHeaders(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(more);
        return new HttpResponse(status, merged, body);
    }
}
