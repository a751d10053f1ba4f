package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.testing.InMemoryDocumentRepository;
import io.metadatamanager.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MaintenanceTest {
    private static final Json JSON = new Json();
    private static final TenantId TENANT = new TenantId("t");
    private static final Actor ACTOR = new Actor("t", "");
    private static final DocumentId ID = new DocumentId("doc");

    private final MutableClock clock = MutableClock.at("2026-11-01T00:00:00Z");
    private final InMemoryDocumentRepository repository = new InMemoryDocumentRepository();
    private final Documents documents = new Documents(repository, new CursorCodec(() -> new byte[32]), clock);
    private final Maintenance maintenance = new Maintenance(repository, clock);

    private static ObjectNode doc(int n) {
        return JSON.createObjectNode().put("n", n);
    }

    private static List<DocumentRef.Logged> versions(int count, Instant first, Duration step) {
        return java.util.stream.IntStream.rangeClosed(1, count)
                .mapToObj(v -> new DocumentRef.Logged(v, first.plus(step.multipliedBy(v - 1))))
                .toList();
    }

    @Test
    void prunable_keepsTheNewestN() {
        List<Long> prune = Maintenance.prunable(versions(5, Instant.EPOCH, Duration.ofDays(1)),
                new Maintenance.Retention(OptionalInt.of(2), Optional.empty()), Instant.EPOCH);

        assertThat(prune).containsExactly(1L, 2L, 3L);
    }

    @Test
    void prunable_byAge_neverTakesTheNewest_evenWhenItIsOld() {
        Instant now = Instant.EPOCH.plus(Duration.ofDays(100));
        List<Long> prune = Maintenance.prunable(versions(3, Instant.EPOCH, Duration.ofDays(1)),
                new Maintenance.Retention(OptionalInt.empty(), Optional.of(Duration.ofDays(30))), now);

        assertThat(prune).containsExactly(1L, 2L);
    }

    @Test
    void keepAll_prunesNothing() {
        assertThat(Maintenance.prunable(versions(9, Instant.EPOCH, Duration.ofDays(1)),
                Maintenance.Retention.keepAll(), Instant.EPOCH.plus(Duration.ofDays(999)))).isEmpty();
    }

    @Test
    void run_bringsLaggingAndMissingHeadsUp_andCountsEachOnce() {
        documents.create(TENANT, ACTOR, doc(0).put("id", "doc"));
        documents.create(TENANT, ACTOR, doc(0).put("id", "lost"));
        repository.failProjections(true);
        documents.replace(TENANT, ACTOR, ID, IfMatch.any(), doc(1));
        repository.failProjections(false);
        repository.dropHead(TENANT, new DocumentId("lost"));

        Maintenance.Report report = maintenance.run(Maintenance.Retention.keepAll());

        assertThat(report.documents()).isEqualTo(2);
        assertThat(report.repaired()).isEqualTo(2);
        assertThat(report.orphans()).isZero();
        assertThat(documents.get(TENANT, ID).version()).isEqualTo(2);
        assertThat(documents.get(TENANT, new DocumentId("lost")).version()).isEqualTo(1);
        assertThat(maintenance.run(Maintenance.Retention.keepAll()).repaired()).isZero();
    }

    @Test
    void run_reportsAHeadWithoutLog_asAnOrphan() {
        DocumentVersion head = new DocumentVersion(TENANT, new DocumentId("ghost"), 3, Operation.REPLACE, doc(3),
                clock.instant(), clock.instant(), ACTOR);
        repository.project(head);

        Maintenance.Report report = maintenance.run(Maintenance.Retention.keepAll());

        assertThat(report.orphans()).isEqualTo(1);
        assertThat(report.orphanSamples()).containsExactly("t/ghost");
    }

    @Test
    void run_appliesRetention_andHistoryShowsWhatIsLeft() {
        documents.create(TENANT, ACTOR, doc(0).put("id", "doc"));
        for (int i = 1; i <= 4; i++) {
            clock.advance(Duration.ofDays(10));
            documents.replace(TENANT, ACTOR, ID, IfMatch.any(), doc(i));
        }

        Maintenance.Report report = maintenance.run(
                new Maintenance.Retention(OptionalInt.empty(), Optional.of(Duration.ofDays(25))));

        assertThat(report.pruned()).isEqualTo(2);
        assertThat(documents.history(TENANT, ID, 10, Optional.empty()).items())
                .extracting(VersionSummary::version).containsExactly(5L, 4L, 3L);
    }
}
