package io.metadatamanager.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metadatamanager.core.error.VersionConflictException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Export and import of every tenant's documents with their full history, as JSON Lines: a header line, then
 * one line per version. Export streams (constant memory); import checks the whole file before it writes
 * anything, then appends each version that is missing and projects it, so importing twice changes nothing.
 */
public final class DataTransfer {
    public static final String FORMAT = "metadata-manager-export";
    public static final int FORMAT_VERSION = 1;

    /** Something wrong with an import file, naming the line. */
    public static final class BadInputException extends RuntimeException {
        public BadInputException(long line, String problem) {
            super("line " + line + ": " + problem, null, false, false);
        }
    }

    /**
     * What an import did.
     *
     * @param lines versions read
     * @param written versions appended
     * @param present versions that were there already, identical
     * @param conflicts versions that were there already with other content (left as they were)
     * @param conflictSamples up to 20 conflicts as {@code tenant/id@version}
     */
    public record ImportReport(long lines, long written, long present, long conflicts, List<String> conflictSamples) {}

    private final Json json;

    public DataTransfer(Json json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Writes every version; {@code progress} is told the count every 1,000 lines. Returns the count. */
    public long export(DocumentRepository repository, Writer out, Consumer<Long> progress) {
        long[] count = {0};
        try {
            ObjectNode header = json.createObjectNode().put("format", FORMAT).put("formatVersion", FORMAT_VERSION);
            out.write(json.writeValueAsString(header));
            out.write('\n');
            repository.forEachVersion(version -> {
                try {
                    out.write(json.writeValueAsString(toJson(version)));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++count[0] % 1000 == 0) {
                    progress.accept(count[0]);
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }

    /**
     * Checks a whole file, then imports it.
     *
     * @param input opens the file; called twice (check, then import)
     * @throws BadInputException for the first bad line; nothing has been written then
     */
    public ImportReport importAll(DocumentRepository repository, Supplier<BufferedReader> input,
            Consumer<Long> progress) {
        read(input, version -> {});
        long[] counts = new long[4];
        List<String> samples = new ArrayList<>();
        read(input, version -> {
            try {
                repository.append(version);
                counts[1]++;
            } catch (VersionConflictException exists) {
                DocumentVersion there = repository.findVersion(version.tenant(), version.id(), version.version())
                        .orElseThrow(() -> exists);
                if (there.equals(version)) {
                    counts[2]++;
                } else {
                    counts[3]++;
                    if (samples.size() < 20) {
                        samples.add(version.tenant() + "/" + version.id() + "@" + version.version());
                    }
                    return;
                }
            }
            repository.project(version);
            if (++counts[0] % 1000 == 0) {
                progress.accept(counts[0]);
            }
        });
        return new ImportReport(counts[1] + counts[2] + counts[3], counts[1], counts[2], counts[3],
                List.copyOf(samples));
    }

    private void read(Supplier<BufferedReader> input, Consumer<DocumentVersion> visitor) {
        try (BufferedReader reader = input.get()) {
            String line = reader.readLine();
            long number = 1;
            if (line == null) {
                throw new BadInputException(1, "the file is empty; expected a " + FORMAT + " header");
            }
            JsonNode header = parse(line, number);
            if (!FORMAT.equals(header.path("format").asText()) || header.path("formatVersion").asInt() != FORMAT_VERSION) {
                throw new BadInputException(1, "not a " + FORMAT + " file of format version " + FORMAT_VERSION);
            }
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                visitor.accept(fromJson(parse(line, number), number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(String line, long number) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException | NumberFormatException e) {
            // Jackson reports a number whose exponent overflows as a NumberFormatException
            throw new BadInputException(number, "not valid JSON");
        }
    }

    ObjectNode toJson(DocumentVersion version) {
        ObjectNode out = json.createObjectNode();
        out.put("tenant", version.tenant().value());
        out.put("id", version.id().value());
        out.put("version", version.version());
        out.put("operation", version.operation().wireName());
        out.put("createdAt", version.createdAt().toString());
        out.put("updatedAt", version.updatedAt().toString());
        out.putObject("actor").put("sub", version.actor().sub()).put("clientId", version.actor().clientId());
        if (version.content() == null) {
            out.putNull("document");
        } else {
            out.set("document", version.content());
        }
        return out;
    }

    private static DocumentVersion fromJson(JsonNode line, long number) {
        try {
            if (!line.isObject()) {
                throw new BadInputException(number, "expected a JSON object");
            }
            JsonNode document = line.get("document");
            if (document != null && !document.isNull() && !document.isObject()) {
                throw new BadInputException(number, "document must be an object or null");
            }
            ObjectNode content = document == null || document.isNull() ? null : (ObjectNode) document;
            if (content != null) {
                DocumentFields.checkTypes(content);
            }
            return new DocumentVersion(
                    new TenantId(text(line, "tenant", number)),
                    new DocumentId(text(line, "id", number)),
                    positive(line, "version", number),
                    Operation.fromWireName(text(line, "operation", number)),
                    content,
                    Instant.parse(text(line, "createdAt", number)),
                    Instant.parse(text(line, "updatedAt", number)),
                    new Actor(text(line.path("actor"), "sub", number),
                            line.path("actor").path("clientId").asText("")));
        } catch (BadInputException e) {
            throw e;
        } catch (DateTimeParseException e) {
            throw new BadInputException(number, "a timestamp is not ISO-8601");
        } catch (RuntimeException e) {
            throw new BadInputException(number, e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, long number) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadInputException(number, field + " must be a string");
        }
        return value.textValue();
    }

    private static long positive(JsonNode node, String field, long number) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 1) {
            throw new BadInputException(number, field + " must be a positive integer");
        }
        return value.longValue();
    }
}
