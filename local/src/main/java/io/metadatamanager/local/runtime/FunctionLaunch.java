package io.metadatamanager.local.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How to start a function the way Lambda's managed Java runtime does: a fresh JVM running the AWS Lambda
 * Runtime Interface Client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) with the
 * deployment artifact on the class path, the handler as its argument and Lambda's reserved environment.
 *
 * @param java the {@code java} binary
 * @param jvmOptions options before the class path (see {@link #lambdaJvmOptions})
 * @param classpath the artifact first, then the runtime's jars
 * @param handler the handler string, e.g. {@code pkg.Class::method}
 * @param functionName {@code AWS_LAMBDA_FUNCTION_NAME}
 * @param memoryMb {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}
 * @param environment the function's own variables (table, endpoint, ...), added to Lambda's
 * @param taskRoot {@code LAMBDA_TASK_ROOT}: the runtime's class loader looks there for more classes
 * @param output where the function's standard output and error go
 */
public record FunctionLaunch(Path java, List<String> jvmOptions, List<Path> classpath, String handler,
        String functionName, int memoryMb, Map<String, String> environment, Path taskRoot,
        ProcessBuilder.Redirect output) {
    public static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Where the build puts the Runtime Interface Client and its serialization library. */
    public static final String RUNTIME_JARS = "local/target/lambda-runtime";

    public FunctionLaunch {
        Objects.requireNonNull(java, "java");
        jvmOptions = List.copyOf(jvmOptions);
        classpath = List.copyOf(classpath);
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(functionName, "functionName");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(taskRoot, "taskRoot");
        Objects.requireNonNull(output, "output");
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("the class path is empty");
        }
    }

    /**
     * The JVM options of Lambda's java21 runtime as far as they matter here: the serial collector, tiered
     * compilation stopped at C1 (Lambda's default for java17 and java21, and this project's
     * {@code JAVA_TOOL_OPTIONS}), and a heap of 85 % of the function's memory.
     */
    public static List<String> lambdaJvmOptions(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + memoryMb * 85L / 100 + "m", "-XX:+UseSerialGC",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");
    }

    /** The Runtime Interface Client's jars under the repository root {@code home}, as the build copied them. */
    public static List<Path> runtimeJars(Path home) {
        Path dir = home.resolve(RUNTIME_JARS);
        try (Stream<Path> jars = Files.list(dir)) {
            List<Path> found = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException(
                        "no Runtime Interface Client in " + dir + "; build with ./mvnw package");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("no Runtime Interface Client in " + dir + "; build with ./mvnw package", e);
        }
    }

    public FunctionLaunch withJvmOptions(List<String> more) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(more);
        return new FunctionLaunch(java, all, classpath, handler, functionName, memoryMb, environment, taskRoot,
                output);
    }

    public FunctionLaunch withEnvironment(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.putAll(more);
        return new FunctionLaunch(java, jvmOptions, classpath, handler, functionName, memoryMb, all, taskRoot,
                output);
    }

    public FunctionLaunch withHandler(String otherHandler, List<Path> otherClasspath) {
        return new FunctionLaunch(java, jvmOptions, otherClasspath, otherHandler, functionName, memoryMb,
                environment, taskRoot, output);
    }

    /** The command line. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        command.add(RUNTIME_MAIN);
        command.add(handler);
        return command;
    }

    /** Lambda's reserved variables, then the function's; nothing of the caller's environment but PATH. */
    Map<String, String> processEnvironment(String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", handler);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.putAll(environment);
        return env;
    }
}
