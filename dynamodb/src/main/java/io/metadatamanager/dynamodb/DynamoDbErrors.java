package io.metadatamanager.dynamodb;

import io.metadatamanager.core.error.InvalidRequestException;
import io.metadatamanager.core.error.StorageUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Translates the SDK's failures into the core's, at the adapter boundary. */
final class DynamoDbErrors {
    private DynamoDbErrors() {}

    /**
     * Runs a call; a conditional check failure passes through for the caller to interpret, everything the
     * caller cannot act on becomes a core exception.
     */
    static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (ResourceNotFoundException e) {
            throw new StorageUnavailableException("the table does not exist", e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StorageUnavailableException("the storage engine is busy", e);
            }
            if ("ValidationException".equals(errorCode(e))) {
                // Our own requests are well-formed; what remains is a document beyond a storage limit.
                throw new InvalidRequestException("the document exceeds a storage limit");
            }
            throw e;
        } catch (SdkClientException e) {
            throw new StorageUnavailableException("the storage engine cannot be reached", e);
        }
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
