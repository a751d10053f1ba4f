package io.metadatamanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.DocumentAlreadyExistsException;
import io.metadatamanager.core.error.DocumentNotFoundException;
import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.error.PreconditionFailedException;
import io.metadatamanager.core.error.PreconditionRequiredException;
import io.metadatamanager.core.testing.InMemoryDocumentRepository;
import io.metadatamanager.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentsTest {
    private static final Json JSON = new Json();
    private static final TenantId TENANT = new TenantId("tenant-a");
    private static final TenantId OTHER_TENANT = new TenantId("tenant-b");
    private static final Actor ACTOR = new Actor("tenant-a", "app-client");
    private static final DocumentId DOC = new DocumentId("doc-1");
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final Instant START = Instant.parse("2026-11-29T10:00:00.000Z");

    private final InMemoryDocumentRepository repository = new InMemoryDocumentRepository();
    private final MutableClock clock = new MutableClock(START);
    private final Documents documents = new Documents(repository, new CursorCodec(() -> new byte[32]), clock);

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private DocumentVersion createDoc1(String fields) {
        ObjectNode body = json(fields);
        body.put("id", DOC.value());
        return documents.create(TENANT, ACTOR, body);
    }

    private static IfMatch tag(long version) {
        return IfMatch.parse("\"" + version + "\"");
    }

    @Nested
    class Create {
        @Test
        void create_assignsVersion1AndBothTimestamps() {
            clock.set(Instant.parse("2026-11-29T10:00:00.123456Z"));

            DocumentVersion created = createDoc1("{\"page\":\"home\",\"width\":800}");

            assertThat(created.version()).isEqualTo(1);
            assertThat(created.operation()).isEqualTo(Operation.CREATE);
            assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00.123Z"));
            assertThat(created.updatedAt()).isEqualTo(created.createdAt());
            assertThat(created.content()).isEqualTo(json("{\"page\":\"home\",\"width\":800}"));
            assertThat(created.actor()).isEqualTo(ACTOR);
            assertThat(documents.get(TENANT, DOC)).isEqualTo(created);
        }

        @Test
        void create_dropsClientValuesForManagedFields() {
            DocumentVersion created = documents.create(TENANT, ACTOR, json("""
                    {"id":"doc-1","version":99,"createdAt":"1999-01-01T00:00:00.000Z","updatedAt":"x","a":1}"""));

            assertThat(created.version()).isEqualTo(1);
            assertThat(created.createdAt()).isEqualTo(START);
            assertThat(created.content()).isEqualTo(json("{\"a\":1}"));
        }

        @Test
        void create_generatesAUuidIdWhenTheBodyHasNone() {
            DocumentVersion first = documents.create(TENANT, ACTOR, json("{\"a\":1}"));
            DocumentVersion second = documents.create(TENANT, ACTOR, json("{\"id\":null,\"a\":2}"));

            assertThat(first.id().value()).matches(UUID_V4);
            assertThat(second.id().value()).matches(UUID_V4);
            assertThat(first.id()).isNotEqualTo(second.id());
            assertThat(documents.get(TENANT, first.id()).content()).isEqualTo(json("{\"a\":1}"));
        }

        @Test
        void create_withAnExistingId_throwsAlreadyExists_andKeepsTheDocument() {
            DocumentVersion original = createDoc1("{\"a\":1}");

            assertThatThrownBy(() -> createDoc1("{\"a\":2}")).isInstanceOf(DocumentAlreadyExistsException.class);

            assertThat(documents.get(TENANT, DOC)).isEqualTo(original);
        }

        @Test
        void create_withTheSameIdInAnotherTenant_isIndependent() {
            createDoc1("{\"a\":1}");

            DocumentVersion other = documents.create(OTHER_TENANT, new Actor("tenant-b", ""),
                    json("{\"id\":\"doc-1\",\"a\":2}"));

            assertThat(other.version()).isEqualTo(1);
            assertThat(documents.get(TENANT, DOC).content()).isEqualTo(json("{\"a\":1}"));
            assertThat(documents.get(OTHER_TENANT, DOC).content()).isEqualTo(json("{\"a\":2}"));
        }

        @Test
        void create_afterDelete_continuesTheVersionLog() {
            // GIVEN a document deleted at version 3
            createDoc1("{\"a\":1}");
            documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"a\":2}"));
            documents.delete(TENANT, ACTOR, DOC, tag(2));
            clock.advance(Duration.ofMinutes(5));

            // WHEN it is created again
            DocumentVersion recreated = createDoc1("{\"b\":1}");

            // THEN it continues at version 4, as a new document
            assertThat(recreated.version()).isEqualTo(4);
            assertThat(recreated.operation()).isEqualTo(Operation.CREATE);
            assertThat(recreated.createdAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            assertThat(recreated.content()).isEqualTo(json("{\"b\":1}"));
            assertThat(documents.get(TENANT, DOC)).isEqualTo(recreated);
            assertThat(repository.findLatestVersion(TENANT, DOC)).contains(recreated);
        }

        @Test
        void create_rejectsWrongTypes() {
            assertThatThrownBy(() -> documents.create(TENANT, ACTOR, json("{\"id\":5}")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> documents.create(TENANT, ACTOR, json("{\"page\":5}")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> documents.create(TENANT, ACTOR, json("{\"id\":\"bad id\"}")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(repository.listHeads(TENANT, Optional.empty(), 100, Optional.empty()).items()).isEmpty();
        }
    }

    @Nested
    class Get {
        @Test
        void get_missingDocument_throwsNotFound() {
            assertThatThrownBy(() -> documents.get(TENANT, DOC)).isInstanceOf(DocumentNotFoundException.class);
        }

        @Test
        void get_deletedDocument_throwsNotFound() {
            createDoc1("{}");
            documents.delete(TENANT, ACTOR, DOC, IfMatch.any());

            assertThatThrownBy(() -> documents.get(TENANT, DOC)).isInstanceOf(DocumentNotFoundException.class);
        }

        @Test
        void get_documentOfAnotherTenant_throwsNotFound() {
            createDoc1("{}");

            assertThatThrownBy(() -> documents.get(OTHER_TENANT, DOC)).isInstanceOf(DocumentNotFoundException.class);
        }
    }

    @Nested
    class Writes {
        @Test
        void replace_incrementsTheVersion_andReplacesTheWholeContent() {
            DocumentVersion created = createDoc1("{\"a\":1,\"b\":2}");
            clock.advance(Duration.ofSeconds(1));

            DocumentVersion replaced = documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"c\":3}"));

            assertThat(replaced.version()).isEqualTo(2);
            assertThat(replaced.operation()).isEqualTo(Operation.REPLACE);
            assertThat(replaced.content()).isEqualTo(json("{\"c\":3}"));
            assertThat(replaced.createdAt()).isEqualTo(created.createdAt());
            assertThat(replaced.updatedAt()).isEqualTo(START.plusSeconds(1));
            assertThat(documents.get(TENANT, DOC)).isEqualTo(replaced);
        }

        @Test
        void replace_withABodyIdOtherThanThePath_isRejected_andNothingChanges() {
            DocumentVersion created = createDoc1("{\"a\":1}");

            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"id\":\"doc-2\"}")))
                    .isInstanceOf(InvalidRequestException.class);

            assertThat(documents.get(TENANT, DOC)).isEqualTo(created);
            assertThat(repository.findLatestVersion(TENANT, DOC)).contains(created);
        }

        @Test
        void patch_incrementsTheVersion_andMergesTheChanges() {
            createDoc1("{\"page\":\"home\",\"keep\":1,\"drop\":2,\"nested\":{\"x\":1,\"y\":2}}");

            DocumentVersion patched = documents.patch(TENANT, ACTOR, DOC, tag(1),
                    json("{\"drop\":null,\"nested\":{\"y\":null,\"z\":3},\"added\":true}"));

            assertThat(patched.version()).isEqualTo(2);
            assertThat(patched.operation()).isEqualTo(Operation.PATCH);
            assertThat(patched.content()).isEqualTo(
                    json("{\"page\":\"home\",\"keep\":1,\"nested\":{\"x\":1,\"z\":3},\"added\":true}"));
            assertThat(documents.get(TENANT, DOC)).isEqualTo(patched);
        }

        @Test
        void patch_removesFieldsSetToNull_includingThePage() {
            createDoc1("{\"page\":\"home\",\"a\":1}");

            DocumentVersion patched = documents.patch(TENANT, ACTOR, DOC, tag(1), json("{\"page\":null}"));

            assertThat(patched.content()).isEqualTo(json("{\"a\":1}"));
            assertThat(patched.page()).isEmpty();
        }

        @Test
        void patch_ignoresManagedFields() {
            createDoc1("{\"a\":1}");

            DocumentVersion patched = documents.patch(TENANT, ACTOR, DOC, tag(1),
                    json("{\"id\":\"doc-1\",\"version\":50,\"createdAt\":null,\"a\":2}"));

            assertThat(patched.version()).isEqualTo(2);
            assertThat(patched.createdAt()).isEqualTo(START);
            assertThat(patched.content()).isEqualTo(json("{\"a\":2}"));
        }

        @Test
        void patch_thatIsNotAnObject_isRejected() {
            createDoc1("{\"a\":1}");

            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, tag(1), JSON.getNodeFactory().arrayNode()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(documents.get(TENANT, DOC).version()).isEqualTo(1);
        }

        @Test
        void patch_thatMakesThePageInvalid_isRejected() {
            createDoc1("{\"page\":\"home\"}");

            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, tag(1), json("{\"page\":7}")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, tag(1), json("{\"page\":\"\"}")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(documents.get(TENANT, DOC).content()).isEqualTo(json("{\"page\":\"home\"}"));
        }

        @Test
        void delete_appendsATombstoneWithTheNextVersion() {
            createDoc1("{\"a\":1}");
            documents.patch(TENANT, ACTOR, DOC, tag(1), json("{\"b\":2}"));

            DocumentVersion tombstone = documents.delete(TENANT, ACTOR, DOC, tag(2));

            assertThat(tombstone.version()).isEqualTo(3);
            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.content()).isNull();
            assertThat(repository.findHead(TENANT, DOC)).contains(tombstone);
        }

        @Test
        void writes_acceptIfMatchAny() {
            createDoc1("{\"a\":1}");

            assertThat(documents.replace(TENANT, ACTOR, DOC, IfMatch.any(), json("{\"a\":2}")).version())
                    .isEqualTo(2);
            assertThat(documents.patch(TENANT, ACTOR, DOC, IfMatch.parse("*"), json("{\"a\":3}")).version())
                    .isEqualTo(3);
            assertThat(documents.delete(TENANT, ACTOR, DOC, IfMatch.any()).version()).isEqualTo(4);
        }

        @Test
        void writes_recordTheActor() {
            createDoc1("{\"a\":1}");
            Actor other = new Actor("tenant-a", "other-client");

            assertThat(documents.replace(TENANT, other, DOC, tag(1), json("{}")).actor()).isEqualTo(other);
        }
    }

    @Nested
    class Preconditions {
        @ParameterizedTest
        @ValueSource(strings = {"\"1\"", "W/\"2\"", "\"3\", \"4\""})
        void staleIfMatch_throwsPreconditionFailed_andNothingChanges(String header) {
            // GIVEN a document at version 2
            createDoc1("{\"a\":1}");
            DocumentVersion current = documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"a\":2}"));
            IfMatch stale = IfMatch.parse(header);

            // WHEN / THEN every write with a stale tag fails
            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, stale, json("{\"a\":3}")))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, stale, json("{\"a\":3}")))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> documents.delete(TENANT, ACTOR, DOC, stale))
                    .isInstanceOf(PreconditionFailedException.class);

            // AND nothing changed
            assertThat(documents.get(TENANT, DOC)).isEqualTo(current);
            assertThat(repository.findLatestVersion(TENANT, DOC)).contains(current);
        }

        @Test
        void missingIfMatch_onALiveDocument_throwsPreconditionRequired() {
            DocumentVersion created = createDoc1("{\"a\":1}");
            IfMatch missing = IfMatch.parse(null);

            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, missing, json("{}")))
                    .isInstanceOf(PreconditionRequiredException.class);
            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, missing, json("{}")))
                    .isInstanceOf(PreconditionRequiredException.class);
            assertThatThrownBy(() -> documents.delete(TENANT, ACTOR, DOC, missing))
                    .isInstanceOf(PreconditionRequiredException.class);
            assertThat(repository.findLatestVersion(TENANT, DOC)).contains(created);
        }

        @Test
        void malformedIfMatch_onALiveDocument_isAnInvalidRequest() {
            createDoc1("{\"a\":1}");

            assertThatThrownBy(() -> documents.delete(TENANT, ACTOR, DOC, IfMatch.parse("1")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(documents.get(TENANT, DOC).version()).isEqualTo(1);
        }

        @Test
        void missingIfMatch_onAMissingDocument_throwsNotFound_before428() {
            IfMatch missing = IfMatch.parse(null);

            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, missing, json("{}")))
                    .isInstanceOf(DocumentNotFoundException.class);
            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, missing, json("{}")))
                    .isInstanceOf(DocumentNotFoundException.class);
            assertThatThrownBy(() -> documents.delete(TENANT, ACTOR, DOC, missing))
                    .isInstanceOf(DocumentNotFoundException.class);
        }

        @Test
        void writes_onADeletedDocument_throwNotFound_whateverTheIfMatch() {
            createDoc1("{\"a\":1}");
            documents.delete(TENANT, ACTOR, DOC, tag(1));

            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, IfMatch.any(), json("{}")))
                    .isInstanceOf(DocumentNotFoundException.class);
            assertThatThrownBy(() -> documents.patch(TENANT, ACTOR, DOC, tag(2), json("{}")))
                    .isInstanceOf(DocumentNotFoundException.class);
            assertThatThrownBy(() -> documents.delete(TENANT, ACTOR, DOC, IfMatch.parse(null)))
                    .isInstanceOf(DocumentNotFoundException.class);
            assertThat(repository.findLatestVersion(TENANT, DOC).orElseThrow().version()).isEqualTo(2);
        }

        @Test
        void writes_toAnotherTenantsDocument_throwNotFound() {
            createDoc1("{\"a\":1}");

            assertThatThrownBy(() -> documents.delete(OTHER_TENANT, ACTOR, DOC, IfMatch.any()))
                    .isInstanceOf(DocumentNotFoundException.class);
            assertThat(documents.get(TENANT, DOC).version()).isEqualTo(1);
        }
    }

    @Nested
    class CrashBetweenLogAndHead {
        @Test
        void aLaggingHead_servesTheOldVersion_healsOnTheNextWrite_andLosesNothingAcknowledged() {
            // GIVEN version 1, then a replace that dies after appending version 2, before updating the head
            createDoc1("{\"a\":1}");
            repository.failProjections(true);
            DocumentVersion appended = documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"a\":2}"));
            repository.failProjections(false);

            // THEN the log holds version 2 and reads still serve the complete version 1
            assertThat(appended.version()).isEqualTo(2);
            assertThat(repository.findLatestVersion(TENANT, DOC)).contains(appended);
            assertThat(documents.get(TENANT, DOC).version()).isEqualTo(1);
            assertThat(documents.get(TENANT, DOC).content()).isEqualTo(json("{\"a\":1}"));

            // WHEN a client writes with the tag it read ("1"), which looks current but is stale
            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"a\":99}")))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("\"2\"");

            // THEN the head is healed: a fresh read returns version 2
            assertThat(documents.get(TENANT, DOC)).isEqualTo(appended);

            // AND a write with the right tag succeeds on top of version 2
            DocumentVersion next = documents.patch(TENANT, ACTOR, DOC, tag(2), json("{\"b\":3}"));
            assertThat(next.version()).isEqualTo(3);
            assertThat(next.content()).isEqualTo(json("{\"a\":2,\"b\":3}"));
            assertThat(documents.get(TENANT, DOC)).isEqualTo(next);
        }

        @Test
        void aLaggingHead_isHealedByACreateThatFindsTheDocumentLive() {
            // GIVEN a document whose creation died before the head was written
            repository.failProjections(true);
            DocumentVersion created = createDoc1("{\"a\":1}");
            repository.failProjections(false);
            assertThatThrownBy(() -> documents.get(TENANT, DOC)).isInstanceOf(DocumentNotFoundException.class);

            // WHEN the client retries the create
            assertThatThrownBy(() -> createDoc1("{\"a\":1}")).isInstanceOf(DocumentAlreadyExistsException.class);

            // THEN the document it was told exists can be read
            assertThat(documents.get(TENANT, DOC)).isEqualTo(created);
        }

        @Test
        void aLaggingTombstone_isHealedByTheNextWrite() {
            // GIVEN a delete that died before the head was written
            createDoc1("{\"a\":1}");
            repository.failProjections(true);
            documents.delete(TENANT, ACTOR, DOC, tag(1));
            repository.failProjections(false);
            assertThat(documents.get(TENANT, DOC).version()).isEqualTo(1);

            // WHEN a write arrives
            assertThatThrownBy(() -> documents.replace(TENANT, ACTOR, DOC, tag(1), json("{}")))
                    .isInstanceOf(DocumentNotFoundException.class);

            // THEN the document reads as deleted
            assertThatThrownBy(() -> documents.get(TENANT, DOC)).isInstanceOf(DocumentNotFoundException.class);
        }
    }

    @Nested
    class Listing {
        private void createMany(TenantId tenant, String... idsAndPages) {
            for (String idAndPage : idsAndPages) {
                String[] parts = idAndPage.split(":");
                ObjectNode body = json("{}").put("id", parts[0]);
                if (parts.length > 1) {
                    body.put("page", parts[1]);
                }
                documents.create(tenant, ACTOR, body);
            }
        }

        private List<String> ids(Slice<DocumentVersion> slice) {
            return slice.items().stream().map(v -> v.id().value()).toList();
        }

        @Test
        void list_pagesThroughEveryLiveDocument_withCursors() {
            // GIVEN six documents, one of them deleted, and one of another tenant
            createMany(TENANT, "e", "b", "a", "d", "c", "f");
            documents.delete(TENANT, ACTOR, new DocumentId("d"), IfMatch.any());
            createMany(OTHER_TENANT, "a0");

            // WHEN listing two at a time
            Slice<DocumentVersion> first = documents.list(TENANT, Optional.empty(), 2, Optional.empty());
            Slice<DocumentVersion> second = documents.list(TENANT, Optional.empty(), 2, first.next());
            Slice<DocumentVersion> third = documents.list(TENANT, Optional.empty(), 2, second.next());

            // THEN every live document of the tenant comes once, in order, and the last page has no cursor
            assertThat(ids(first)).containsExactly("a", "b");
            assertThat(ids(second)).containsExactly("c", "e");
            assertThat(ids(third)).containsExactly("f");
            assertThat(first.next()).isPresent();
            assertThat(second.next()).isPresent();
            assertThat(third.next()).isEmpty();
        }

        @Test
        void list_cursorsAreOpaque() {
            createMany(TENANT, "alpha", "beta");

            Slice<DocumentVersion> first = documents.list(TENANT, Optional.empty(), 1, Optional.empty());

            assertThat(first.next().orElseThrow()).doesNotContain("alpha");
        }

        @Test
        void list_filtersByPage_andBindsTheCursorToThatPage() {
            // GIVEN
            createMany(TENANT, "a:home", "b:about", "c:home", "d", "e:home");

            // WHEN
            Slice<DocumentVersion> first = documents.list(TENANT, Optional.of("home"), 2, Optional.empty());
            Slice<DocumentVersion> rest = documents.list(TENANT, Optional.of("home"), 2, first.next());

            // THEN
            assertThat(ids(first)).containsExactly("a", "c");
            assertThat(ids(rest)).containsExactly("e");
            assertThat(rest.next()).isEmpty();
            assertThatThrownBy(() -> documents.list(TENANT, Optional.of("about"), 2, first.next()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> documents.list(TENANT, Optional.empty(), 2, first.next()))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        void list_rejectsACursorIssuedToAnotherTenant() {
            createMany(TENANT, "a", "b");
            createMany(OTHER_TENANT, "a", "b");
            Optional<String> cursor = documents.list(TENANT, Optional.empty(), 1, Optional.empty()).next();

            assertThatThrownBy(() -> documents.list(OTHER_TENANT, Optional.empty(), 1, cursor))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @Test
        void list_rejectsAForgedCursor() {
            assertThatThrownBy(() -> documents.list(TENANT, Optional.empty(), 1, Optional.of("YQ.AAAA")))
                    .isInstanceOf(InvalidRequestException.class);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 100})
        void list_acceptsLimitsFrom1To100(int limit) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                all.add(String.format("doc-%03d", i));
            }
            createMany(TENANT, all.toArray(String[]::new));

            Slice<DocumentVersion> slice = documents.list(TENANT, Optional.empty(), limit, Optional.empty());

            assertThat(slice.items()).hasSize(limit);
            assertThat(slice.next()).isPresent();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE, Integer.MIN_VALUE})
        void list_rejectsLimitsOutside1To100(int limit) {
            assertThatThrownBy(() -> documents.list(TENANT, Optional.empty(), limit, Optional.empty()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("between 1 and 100");
        }

        @Test
        void list_ofATenantWithoutDocuments_isEmpty() {
            Slice<DocumentVersion> slice = documents.list(TENANT, Optional.empty(), 20, Optional.empty());

            assertThat(slice.items()).isEmpty();
            assertThat(slice.next()).isEmpty();
        }
    }

    @Nested
    class Timestamps {
        @Test
        void updatedAt_neverGoesBackwards_whenTheClockDoes() {
            // GIVEN a document written at 10:00
            DocumentVersion created = createDoc1("{\"a\":1}");

            // WHEN the next writes run on clocks that are behind
            clock.rewind(Duration.ofMinutes(10));
            DocumentVersion replaced = documents.replace(TENANT, ACTOR, DOC, tag(1), json("{\"a\":2}"));
            clock.rewind(Duration.ofMinutes(10));
            DocumentVersion patched = documents.patch(TENANT, ACTOR, DOC, tag(2), json("{\"a\":3}"));
            clock.rewind(Duration.ofMinutes(10));
            DocumentVersion deleted = documents.delete(TENANT, ACTOR, DOC, tag(3));

            // THEN each version keeps the newest time seen so far
            assertThat(replaced.updatedAt()).isEqualTo(created.updatedAt());
            assertThat(patched.updatedAt()).isEqualTo(created.updatedAt());
            assertThat(deleted.updatedAt()).isEqualTo(created.updatedAt());
            assertThat(replaced.createdAt()).isEqualTo(created.createdAt());
        }

        @Test
        void updatedAt_neverGoesBackwards_whenADeletedDocumentIsCreatedAgain() {
            // GIVEN a document deleted at 10:05
            createDoc1("{\"a\":1}");
            clock.advance(Duration.ofMinutes(5));
            DocumentVersion tombstone = documents.delete(TENANT, ACTOR, DOC, tag(1));

            // WHEN it is created again by an instance whose clock says 09:00
            clock.set(START.minus(Duration.ofHours(1)));
            DocumentVersion recreated = createDoc1("{\"b\":1}");

            // THEN the new version is not older than the tombstone before it
            assertThat(recreated.version()).isEqualTo(3);
            assertThat(recreated.updatedAt()).isAfterOrEqualTo(tombstone.updatedAt());
            assertThat(recreated.createdAt()).isAfterOrEqualTo(tombstone.updatedAt());
        }

        @Test
        void updatedAt_followsTheClockForward() {
            createDoc1("{\"a\":1}");
            clock.advance(Duration.ofMillis(1500));

            DocumentVersion replaced = documents.replace(TENANT, ACTOR, DOC, tag(1), json("{}"));

            assertThat(replaced.updatedAt()).isEqualTo(START.plusMillis(1500));
            assertThat(replaced.createdAt()).isEqualTo(START);
        }
    }
}
