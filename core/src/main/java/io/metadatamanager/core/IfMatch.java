package io.metadatamanager.core;

import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.error.PreconditionFailedException;
import io.metadatamanager.core.error.PreconditionRequiredException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code If-Match} precondition (RFC 9110, section 13.1.1): {@code *} or a list of entity tags, compared
 * strongly, so a weak tag never matches. A missing or malformed header is kept as such and only reported
 * when the precondition is checked, so that a missing document is a 404 before any precondition failure.
 */
public final class IfMatch {
    private enum Kind { ANY, TAGS, MISSING, MALFORMED }

    private static final IfMatch ANY = new IfMatch(Kind.ANY, List.of());
    private static final IfMatch MISSING = new IfMatch(Kind.MISSING, List.of());
    private static final IfMatch MALFORMED = new IfMatch(Kind.MALFORMED, List.of());

    private final Kind kind;
    private final List<String> tags;

    private IfMatch(Kind kind, List<String> tags) {
        this.kind = kind;
        this.tags = tags;
    }

    public static IfMatch any() {
        return ANY;
    }

    /** Parses the header value; {@code null} means the header is absent. */
    public static IfMatch parse(String header) {
        if (header == null) {
            return MISSING;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return ANY;
        }
        List<String> tags = new ArrayList<>();
        boolean any = false;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = value.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= value.length() || value.charAt(open) != '"') {
                return MALFORMED;
            }
            int close = value.indexOf('"', open + 1);
            if (close < 0) {
                return MALFORMED;
            }
            if (!weak) {
                tags.add(value.substring(open, close + 1));
            }
            any = true;
            i = close + 1;
        }
        return any ? new IfMatch(Kind.TAGS, List.copyOf(tags)) : MALFORMED;
    }

    public boolean matches(DocumentVersion current) {
        return kind == Kind.ANY || (kind == Kind.TAGS && tags.contains(current.etag()));
    }

    /** Whether a mismatch means the caller's copy is stale (as opposed to a missing or malformed header). */
    public boolean namesTags() {
        return kind == Kind.TAGS;
    }

    /**
     * @throws PreconditionRequiredException when the header was absent (428)
     * @throws InvalidRequestException when it was malformed (400)
     * @throws PreconditionFailedException when the current version does not match (412)
     */
    public void check(DocumentVersion current) {
        switch (kind) {
            case MISSING -> throw new PreconditionRequiredException(
                    "this request requires If-Match with the current ETag (or *)");
            case MALFORMED -> throw new InvalidRequestException(
                    "If-Match must be * or a list of quoted entity tags");
            default -> {
                if (!matches(current)) {
                    throw new PreconditionFailedException(
                            "If-Match does not match the current version; the current ETag is " + current.etag());
                }
            }
        }
    }
}
