package io.metadatamanager.dynamodb;

import io.metadatamanager.dynalite.SharedDynalite;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Fresh tables on the test JVM's dynalite, so that every test starts empty. */
final class LocalTables {
    private static DynamoDbClient client;

    private LocalTables() {}

    /** One client per test JVM, for the JVM's dynalite; it lives as long as the JVM. */
    static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClients.create(Optional.of(SharedDynalite.get().endpoint()), Region.US_EAST_1,
                    DynamoDbClients.CredentialsSource.LOCAL);
        }
        return client;
    }

    /** Creates a table named {@code prefix-<uuid>} with the application's keys and index. */
    static String fresh(DynamoDbClient client, String prefix) {
        String table = prefix + "-" + UUID.randomUUID();
        TableDefinition.ensureTable(client, table);
        return table;
    }
}
