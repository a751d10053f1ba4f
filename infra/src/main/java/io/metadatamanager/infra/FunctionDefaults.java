package io.metadatamanager.infra;

import java.util.Map;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/** What both functions share: the artifact, runtime, architecture, logging and tracing. */
final class FunctionDefaults {
    /** Tiered compilation stopped at C1: faster init and first requests for short-lived, I/O-bound work. */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private FunctionDefaults() {}

    static Function.Builder java(Construct scope, String id, InfraSettings settings, ILogGroup logs) {
        return Function.Builder.create(scope, id)
                .code(Code.fromAsset(settings.functionArtifact().toString()))
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE);
    }

    static Map<String, String> environment(MetadataTable table) {
        return Map.of(
                "TABLE_NAME", table.table().getTableName(),
                "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    }
}
