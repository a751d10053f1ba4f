package io.metadatamanager.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.IdempotencyStore;
import io.metadatamanager.core.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Idempotency records against a real dynalite, which (like DynamoDB before its TTL sweep) keeps expired items. */
class DynamoDbIdempotencyStoreIT {
    private static final TenantId ALICE = new TenantId("alice");
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant LEASE = NOW.plusSeconds(60);
    private static final Instant EXPIRY = NOW.plus(Duration.ofHours(24));

    private static final DynamoDbClient client = LocalTables.client();
    private DynamoDbIdempotencyStore store;

    @BeforeEach
    void freshTable() {
        String table = LocalTables.fresh(client, "idem");
        store = new DynamoDbIdempotencyStore(client, table);
    }

    @Test
    void aFreshKey_isClaimed_andThenHeldByThePendingClaim() {
        assertThat(store.claim(ALICE, "k", "fp", NOW, LEASE, EXPIRY)).isEmpty();

        Optional<IdempotencyStore.Entry> held = store.claim(ALICE, "k", "fp", NOW.plusSeconds(1), LEASE, EXPIRY);

        assertThat(held).contains(new IdempotencyStore.Entry("fp", false, null, 0));
    }

    @Test
    void aCompletedKey_returnsWhatItCreated() {
        store.claim(ALICE, "k", "fp", NOW, LEASE, EXPIRY);
        store.complete(ALICE, "k", "fp", new DocumentId("doc-1"), 3, EXPIRY);

        assertThat(store.claim(ALICE, "k", "other", NOW.plusSeconds(5), LEASE, EXPIRY))
                .contains(new IdempotencyStore.Entry("fp", true, new DocumentId("doc-1"), 3));
    }

    @Test
    void anExpiredRecord_isTreatedAsAbsent_evenThoughTheEngineStillHasIt() {
        store.claim(ALICE, "k", "fp", NOW, LEASE, EXPIRY);
        store.complete(ALICE, "k", "fp", new DocumentId("doc-1"), 1, EXPIRY);

        Instant later = EXPIRY.plusSeconds(1);
        assertThat(store.claim(ALICE, "k", "fp2", later, later.plusSeconds(60), later.plus(Duration.ofHours(24))))
                .isEmpty();
    }

    @Test
    void aPendingClaimWhoseLeaseRanOut_canBeTakenOver() {
        store.claim(ALICE, "k", "fp", NOW, LEASE, EXPIRY);

        Instant afterLease = LEASE.plusSeconds(1);
        assertThat(store.claim(ALICE, "k", "fp", afterLease, afterLease.plusSeconds(60), EXPIRY)).isEmpty();
    }

    @Test
    void release_freesAPendingKey_butNotACompletedOne() {
        store.claim(ALICE, "pending", "fp", NOW, LEASE, EXPIRY);
        store.release(ALICE, "pending");
        assertThat(store.claim(ALICE, "pending", "fp", NOW, LEASE, EXPIRY)).isEmpty();

        store.claim(ALICE, "done", "fp", NOW, LEASE, EXPIRY);
        store.complete(ALICE, "done", "fp", new DocumentId("d"), 1, EXPIRY);
        store.release(ALICE, "done");
        assertThat(store.claim(ALICE, "done", "fp", NOW, LEASE, EXPIRY)).isPresent();
    }

    @Test
    void keysOfDifferentTenants_doNotMeet() {
        store.claim(ALICE, "k", "fp", NOW, LEASE, EXPIRY);

        assertThat(store.claim(new TenantId("bob"), "k", "fp", NOW, LEASE, EXPIRY)).isEmpty();
    }
}
