package io.metadatamanager.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a function process is started: command line and environment, as Lambda's Java runtime sets them. */
class FunctionLaunchTest {
    private final FunctionLaunch launch = new FunctionLaunch(Path.of("/jdk/bin/java"),
            FunctionLaunch.lambdaJvmOptions(1024), List.of(Path.of("/a/function.jar"), Path.of("/a/ric.jar")),
            "pkg.Handler::handleRequest", "fn", 1024, Map.of("TABLE_NAME", "t"), Path.of("/task"),
            ProcessBuilder.Redirect.DISCARD);

    @Test
    void theCommandRunsTheRuntimeInterfaceClientWithTheHandler() {
        assertThat(launch.command()).startsWith("/jdk/bin/java")
                .contains("-XX:MaxHeapSize=870m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .endsWith("-cp", "/a/function.jar" + File.pathSeparator + "/a/ric.jar", FunctionLaunch.RUNTIME_MAIN,
                        "pkg.Handler::handleRequest");
    }

    @Test
    void theEnvironmentIsLambdasAndTheFunctionsOnly() {
        Map<String, String> env = launch.processEnvironment("127.0.0.1:9001");

        assertThat(env).containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                .containsEntry("_HANDLER", "pkg.Handler::handleRequest")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "fn")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
                .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
                .containsEntry("LAMBDA_TASK_ROOT", "/task")
                .containsEntry("TABLE_NAME", "t")
                .doesNotContainKey("HOME");
    }

    @Test
    void theFunctionsVariablesWinOverLambdasDefaults() {
        Map<String, String> env = launch.withEnvironment(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))
                .processEnvironment("127.0.0.1:9001");

        assertThat(env).containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    }
}
