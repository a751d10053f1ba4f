package io.metadatamanager.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app. Run by the CDK CLI ({@code infra/cdk.json}) or by {@code ./metadata-manager synth}:
 *
 * <pre>
 * InfraApp [--out DIR] [-c key=value]...
 * </pre>
 *
 * Without {@code --out}, the cloud assembly goes where the CLI asks ({@code CDK_OUTDIR}) or to a temporary
 * directory. The function artifact is {@code lambda/target/metadata-manager-lambda.jar} under the repository
 * root: the system property {@code mm.home}, or the nearest folder above the working directory with
 * {@code lambda/pom.xml}.
 */
public final class InfraApp {
    static final String STACK_ID = "MetadataManager";
    static final Path ARTIFACT = Path.of("lambda", "target", "metadata-manager-lambda.jar");

    private InfraApp() {}

    public static void main(String[] args) {
        try {
            synth(Arguments.parse(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a bad option or a missing artifact: the message says what to do, a stack trace would bury it
            System.err.println("synth: " + e.getMessage());
            System.exit(2);
        }
    }

    static void synth(Arguments arguments) {
        App app = newApp(arguments.context(), arguments.out());
        InfraSettings settings = InfraSettings.fromContext(app.getNode(), repositoryRoot().resolve(ARTIFACT));
        new MetadataManagerStack(app, STACK_ID, stackProps(settings), settings);
        app.synth();
        arguments.out().ifPresent(out -> System.err.println("CloudFormation templates written to " + out));
    }

    /**
     * An app with the feature flags that {@code cdk init} writes for this aws-cdk-lib version (kept in
     * {@code feature-flags.json}, so that the CLI, the launcher and the tests synthesize alike), then
     * {@code context}. Context from the CDK CLI ({@code cdk.json}, {@code -c}) overrides both.
     */
    public static App newApp(Map<String, Object> context, Optional<Path> outdir) {
        Map<String, Object> defaults = new LinkedHashMap<>(featureFlags());
        // The one recommended flag left off: its usage metadata fails on managed policies in this version and
        // turns every synth into a page of warnings.
        defaults.put("@aws-cdk/core:enableAdditionalMetadataCollection", false);
        defaults.putAll(context);
        AppProps.Builder props = AppProps.builder().context(defaults);
        outdir.ifPresent(out -> props.outdir(out.toString()));
        return new App(props.build());
    }

    static Map<String, Object> featureFlags() {
        try (InputStream in = InfraApp.class.getResourceAsStream("feature-flags.json")) {
            if (in == null) {
                throw new IllegalStateException("feature-flags.json is missing from the class path");
            }
            return new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read feature-flags.json", e);
        }
    }

    static StackProps stackProps(InfraSettings settings) {
        StackProps.Builder props = StackProps.builder()
                .description("Metadata Manager: REST API, Lambda function, DynamoDB table");
        if (settings.account().isPresent() || settings.region().isPresent()) {
            props.env(Environment.builder()
                    .account(settings.account().orElse(null))
                    .region(settings.region().orElse(null))
                    .build());
        }
        return props.build();
    }

    static Path repositoryRoot() {
        String home = System.getProperty("mm.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lambda").resolve("pom.xml"))) {
                return dir;
            }
        }
        return cwd;
    }

    /** The command line: {@code --out DIR} and {@code -c key=value} pairs. */
    record Arguments(Optional<Path> out, Map<String, Object> context) {
        static Arguments parse(String[] args) {
            Optional<Path> out = Optional.empty();
            Map<String, Object> context = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--out", "-o" -> out = Optional.of(Path.of(value(args, ++i, arg)).toAbsolutePath());
                    case "-c", "--context" -> {
                        String pair = value(args, ++i, arg);
                        int eq = pair.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException(arg + " takes key=value, got: " + pair);
                        }
                        context.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException(
                            "unknown argument " + arg + "; usage: [--out DIR] [-c key=value]...");
                }
            }
            return new Arguments(out, context);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
