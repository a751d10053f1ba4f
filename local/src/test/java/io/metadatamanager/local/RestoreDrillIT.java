package io.metadatamanager.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metadatamanager.core.Actor;
import io.metadatamanager.core.CursorCodec;
import io.metadatamanager.core.DocumentId;
import io.metadatamanager.core.Documents;
import io.metadatamanager.core.IfMatch;
import io.metadatamanager.core.Json;
import io.metadatamanager.core.TenantId;
import io.metadatamanager.dynamodb.DynamoDbDocumentRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The disaster-recovery drill, with the command line as a user runs it: 1,000 documents of 3 tenants with
 * several versions each, export, import into a fresh data dir, compare, import again.
 */
class RestoreDrillIT {
    private static final Json JSON = new Json();

    @TempDir
    Path work;

    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void exportThenImportIntoAFreshDataDir_reproducesEveryVersion_andASecondImportChangesNothing()
            throws Exception {
        // GIVEN 1,000 documents across 3 tenants, each with 3 versions, some deleted
        Path source = work.resolve("source");
        try (EngineOptions.Engine engine = engineOn(source)) {
            DynamoDbDocumentRepository repository =
                    new DynamoDbDocumentRepository(engine.client(), engine.table(), JSON);
            Documents documents = new Documents(repository, new CursorCodec(() -> new byte[32]), Clock.systemUTC());
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> jobs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    jobs.add(pool.submit(() -> {
                        TenantId tenant = new TenantId("tenant-" + (n % 3));
                        Actor actor = new Actor(tenant.value(), "drill");
                        DocumentId id = new DocumentId("doc-" + n);
                        documents.create(tenant, actor, JSON.createObjectNode()
                                .put("id", id.value()).put("page", "p" + (n % 7)).put("n", n));
                        documents.replace(tenant, actor, id, IfMatch.any(), JSON.createObjectNode()
                                .put("page", "p" + (n % 7)).put("n", n).put("big", new java.math.BigDecimal("1e400")));
                        if (n % 10 == 0) {
                            documents.delete(tenant, actor, id, IfMatch.any());
                        } else {
                            documents.patch(tenant, actor, id, IfMatch.any(),
                                    JSON.createObjectNode().putObject("nested").put("unicode", "h\u00e9 \ud83d\ude00"));
                        }
                        return null;
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get();
                }
            }
        }

        // WHEN it is exported and imported into a fresh data dir
        Path dump = work.resolve("dump.jsonl");
        Run exported = cli("export", "--data-dir", source.toString(), "--out", dump.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(Files.readAllLines(dump)).hasSize(3001);
        Path target = work.resolve("target");
        Run imported = cli("import", "--data-dir", target.toString(), "--in", dump.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(JSON.readTree(imported.out()).get("written").asLong()).isEqualTo(3000);

        // THEN every document and every version is identical
        assertThat(canonical(target)).isEqualTo(canonical(source));

        // AND importing again changes nothing
        Run again = cli("import", "--data-dir", target.toString(), "--in", dump.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        JsonNode report = JSON.readTree(again.out());
        assertThat(report.get("written").asLong()).isZero();
        assertThat(report.get("present").asLong()).isEqualTo(3000);
        assertThat(canonical(target)).isEqualTo(canonical(source));

        // AND the restored heads serve reads: a live document, and a deleted one stays deleted
        try (EngineOptions.Engine engine = engineOn(target)) {
            Documents restored = new Documents(new DynamoDbDocumentRepository(engine.client(), engine.table(), JSON),
                    new CursorCodec(() -> new byte[32]), Clock.systemUTC());
            assertThat(restored.get(new TenantId("tenant-1"), new DocumentId("doc-1")).version()).isEqualTo(3);
            assertThat(restored.list(new TenantId("tenant-0"), java.util.Optional.of("p0"), 100,
                    java.util.Optional.empty()).items()).allMatch(d -> !d.id().value().endsWith("0"));
        }
    }

    @Test
    void aBadLine_isReportedByNumber_andNothingIsWritten() throws Exception {
        Path file = work.resolve("bad.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"format\":\"metadata-manager-export\",\"formatVersion\":1}",
                "{\"tenant\":\"t\",\"id\":\"ok\",\"version\":1,\"operation\":\"create\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                        + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"actor\":{\"sub\":\"t\"},\"document\":{}}",
                "{\"tenant\":\"t\",\"id\":\"bad id\",\"version\":1}"));
        Path target = work.resolve("bad-target");

        Run run = cli("import", "--data-dir", target.toString(), "--in", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("line 3").contains("nothing was written");
        Path dump = work.resolve("after.jsonl");
        assertThat(cli("export", "--data-dir", target.toString(), "--out", dump.toString()).exit()).isZero();
        assertThat(Files.readAllLines(dump)).hasSize(1);
    }

    private static EngineOptions.Engine engineOn(Path dataDir) {
        EngineOptions options = new EngineOptions();
        options.dataDir = dataDir;
        options.table = "metadata";
        return options.open(true);
    }

    /** Every exported version, sorted: a canonical dump to compare. */
    private List<String> canonical(Path dataDir) throws Exception {
        Path dump = Files.createTempFile(work, "canonical", ".jsonl");
        Run run = cli("export", "--data-dir", dataDir.toString(), "--out", dump.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(dump));
        lines.sort(null);
        return lines;
    }
}
