package io.metadatamanager.core;

import java.util.Locale;

/** What produced a version. */
public enum Operation {
    CREATE,
    REPLACE,
    PATCH,
    DELETE,
    RESTORE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operation fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
