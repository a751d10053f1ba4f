package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.DocumentAlreadyExistsException;
import io.metadatamanager.core.error.IdempotencyKeyInUseException;
import io.metadatamanager.core.error.IdempotencyKeyMismatchException;
import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.testing.InMemoryDocumentRepository;
import io.metadatamanager.core.testing.InMemoryIdempotencyStore;
import io.metadatamanager.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotentCreatesTest {
    private static final Json JSON = new Json();
    private static final TenantId ALICE = new TenantId("alice");
    private static final TenantId BOB = new TenantId("bob");
    private static final Actor ACTOR = new Actor("alice", "web");

    private final MutableClock clock = MutableClock.at("2026-11-29T10:00:00Z");
    private final InMemoryDocumentRepository repository = new InMemoryDocumentRepository();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final Documents documents = new Documents(repository, new CursorCodec(() -> new byte[32]), clock);
    private final IdempotentCreates creates =
            new IdempotentCreates(documents, repository, store, clock, Duration.ofHours(24));

    private IdempotentCreates.Outcome create(TenantId tenant, String key, String body) throws Exception {
        return creates.create(tenant, ACTOR, key, body.getBytes(StandardCharsets.UTF_8), (ObjectNode) JSON.readTree(body));
    }

    @Test
    void theSameKeyAndBody_replaysTheFirstResult_andCreatesNothingMore() throws Exception {
        IdempotentCreates.Outcome first = create(ALICE, "k1", "{\"page\":\"p\"}");
        IdempotentCreates.Outcome second = create(ALICE, "k1", "{\"page\":\"p\"}");

        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.document()).isEqualTo(first.document());
        assertThat(documents.list(ALICE, Optional.empty(), 100, Optional.empty()).items()).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBody_isRefused() throws Exception {
        create(ALICE, "k1", "{\"page\":\"p\"}");

        assertThatThrownBy(() -> create(ALICE, "k1", "{\"page\":\"q\"}"))
                .isInstanceOf(IdempotencyKeyMismatchException.class);
    }

    @Test
    void keysArePerTenant() throws Exception {
        create(ALICE, "k1", "{\"page\":\"p\"}");

        assertThat(create(BOB, "k1", "{\"page\":\"p\"}").replayed()).isFalse();
    }

    @Test
    void anExpiredKey_isFreeAgain() throws Exception {
        create(ALICE, "k1", "{\"page\":\"p\"}");
        clock.advance(Duration.ofHours(24).plusSeconds(1));

        IdempotentCreates.Outcome again = create(ALICE, "k1", "{\"page\":\"p\"}");

        assertThat(again.replayed()).isFalse();
        assertThat(documents.list(ALICE, Optional.empty(), 100, Optional.empty()).items()).hasSize(2);
    }

    @Test
    void aRequestStillInProgress_blocksTheKey_untilItsLeaseRunsOut() throws Exception {
        String body = "{\"page\":\"p\"}";
        String fingerprint = IdempotentCreates.fingerprint(body.getBytes(StandardCharsets.UTF_8));
        store.claim(ALICE, "k1", fingerprint, clock.instant(), clock.instant().plus(IdempotentCreates.LEASE),
                clock.instant().plus(Duration.ofHours(24)));

        assertThatThrownBy(() -> create(ALICE, "k1", body)).isInstanceOf(IdempotencyKeyInUseException.class);

        clock.advance(IdempotentCreates.LEASE.plusSeconds(1));
        assertThat(create(ALICE, "k1", body).replayed()).isFalse();
    }

    @Test
    void aFailedCreate_releasesTheKey_soThatARetryCanSucceed() throws Exception {
        documents.create(ALICE, ACTOR, (ObjectNode) JSON.readTree("{\"id\":\"taken\"}"));
        assertThatThrownBy(() -> create(ALICE, "k1", "{\"id\":\"taken\"}"))
                .isInstanceOf(DocumentAlreadyExistsException.class);

        documents.delete(ALICE, ACTOR, new DocumentId("taken"), IfMatch.any());

        assertThat(create(ALICE, "k1", "{\"id\":\"taken\"}").document().version()).isEqualTo(3);
    }

    @Test
    void malformedKeys_areRefused() {
        for (String key : new String[] {"", "has space", "hash#tag", "x".repeat(256), "tab\t"}) {
            assertThatThrownBy(() -> create(ALICE, key, "{}")).as(key).isInstanceOf(InvalidRequestException.class);
        }
    }
}
