package io.metadatamanager.local.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Records every DynamoDB call a client makes: the request as the caller built it, the consumed capacity that
 * the engine reported (the recorder asks for {@code ReturnConsumedCapacity=TOTAL} on the wire), and the error
 * of a failed call. For measuring what a route costs, and for replaying a route's exact calls.
 */
final class DynamoDbRecorder implements ExecutionInterceptor {
    /** One call; {@code capacity} is empty when the engine reported none (a failed call). */
    record Call(String operation, SdkRequest request, Optional<Double> capacity, Optional<String> error) {}

    private final List<Call> calls = new ArrayList<>();

    /** A client like the function's (URL-connection HTTP client, fixed local credentials) that records here. */
    DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(this))
                .build();
    }

    /** The calls since the last {@link #take}, and forgets them. */
    synchronized List<Call> take() {
        List<Call> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, context.request(), capacity(context.response()), Optional.empty());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, context.request(), Optional.empty(),
                Optional.of(context.exception().getClass().getSimpleName()));
    }

    private synchronized void record(ExecutionAttributes attributes, SdkRequest request, Optional<Double> capacity,
            Optional<String> error) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.add(new Call(operation, withoutCapacityRequest(request), capacity, error));
    }

    /** The request as the caller made it, without what this recorder added. */
    private static SdkRequest withoutCapacityRequest(SdkRequest request) {
        return switch (request) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity((String) null).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity((String) null).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity((String) null).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity((String) null).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity((String) null).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity((String) null).build();
            default -> request;
        };
    }

    private static Optional<Double> capacity(SdkResponse response) {
        ConsumedCapacity capacity = switch (response) {
            case GetItemResponse r -> r.consumedCapacity();
            case QueryResponse r -> r.consumedCapacity();
            case PutItemResponse r -> r.consumedCapacity();
            case DeleteItemResponse r -> r.consumedCapacity();
            case UpdateItemResponse r -> r.consumedCapacity();
            case ScanResponse r -> r.consumedCapacity();
            case BatchWriteItemResponse r -> r.hasConsumedCapacity() && !r.consumedCapacity().isEmpty()
                    ? r.consumedCapacity().getFirst() : null;
            default -> null;
        };
        return capacity == null || capacity.capacityUnits() == null
                ? Optional.empty() : Optional.of(capacity.capacityUnits());
    }
}
