package io.metadatamanager.core;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items of this page
 * @param next where the next page starts, absent on the last page
 */
public record Slice<T>(List<T> items, Optional<String> next) {
    public Slice {
        items = List.copyOf(items);
    }
}
