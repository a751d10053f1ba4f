package io.metadatamanager.core;

import java.util.Objects;

/**
 * Who made a change: the token's subject and, when the token carries one, its app client.
 *
 * @param sub the subject claim
 * @param clientId the {@code client_id} claim, or the empty string when the token has none
 */
public record Actor(String sub, String clientId) {
    public Actor {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(clientId, "clientId");
    }

    public static Actor of(TenantId tenant, String clientId) {
        return new Actor(tenant.value(), clientId == null ? "" : clientId);
    }
}
