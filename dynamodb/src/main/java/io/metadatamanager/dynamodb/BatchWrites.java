package io.metadatamanager.dynamodb;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem in chunks of 25, retrying what the engine leaves unprocessed, with backoff. */
final class BatchWrites {
    private static final int CHUNK = 25;
    private static final int MAX_ATTEMPTS = 8;

    private BatchWrites() {}

    static void write(DynamoDbClient client, String tableName, List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += CHUNK) {
            List<WriteRequest> pending = requests.subList(from, Math.min(requests.size(), from + CHUNK));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, List<WriteRequest>> batch = Map.of(tableName, pending);
                BatchWriteItemResponse response =
                        DynamoDbErrors.translate(() -> client.batchWriteItem(b -> b.requestItems(batch)));
                pending = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(tableName, List.of())
                        : List.of();
                if (!pending.isEmpty()) {
                    if (attempt == MAX_ATTEMPTS) {
                        throw new io.metadatamanager.core.error.StorageUnavailableException(
                                "the engine kept items of a batch unprocessed", null);
                    }
                    sleep(25L << Math.min(attempt, 6));
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
