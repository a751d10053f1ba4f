package io.metadatamanager.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * Everything a deployment can choose. {@link #fromContext} is the one place that reads CDK context
 * ({@code cdk.json}, {@code -c key=value}); every value is checked here, before any resource is defined.
 *
 * @param functionArtifact the Lambda deployment artifact (a jar, or a directory in tests)
 * @param account the account to deploy to ({@code account}); empty for an environment-agnostic stack
 * @param region the region to deploy to ({@code region}); empty for an environment-agnostic stack
 * @param tableName an existing table to use instead of creating one ({@code tableName}), such as a table
 *     restored from point-in-time recovery or AWS Backup; empty to create the table
 * @param replicaRegions regions holding table replicas ({@code replicaRegions}, comma-separated)
 * @param tableKey how the table is encrypted ({@code kmsKey}: {@code true} or a key ARN)
 * @param replicaKeyArns with a customer-managed key and replicas: the key ARN for each replica region
 *     ({@code replicaKeyArns}, {@code region=arn,...})
 * @param logRetentionDays retention of the function and access log groups ({@code logRetentionDays})
 * @param repairRateMinutes how often the repair sweep runs ({@code repairRateMinutes})
 * @param userPool the Cognito user pool: created, or imported ({@code userPoolId}, {@code userPoolClientId})
 * @param throttleRate stage steady-state requests per second ({@code throttleRate})
 * @param throttleBurst stage burst ({@code throttleBurst})
 * @param apiKeyRequired whether authenticated methods also need the usage plan's API key ({@code apiKeyRequired})
 * @param waf whether a WAF web ACL guards the stage ({@code waf})
 * @param backupDailyRetentionDays how long daily backups are kept ({@code backupDailyRetentionDays})
 * @param backupWeeklyRetentionDays how long weekly backups are kept ({@code backupWeeklyRetentionDays})
 * @param backupCopyVaultArn a vault (usually in another region) that receives a copy of every backup
 *     ({@code backupCopyVaultArn})
 * @param maxBodyBytes the function's request body limit ({@code maxBodyBytes}); empty for its default
 * @param alarmEmail an address subscribed to the alarm topic ({@code alarmEmail})
 */
public record InfraSettings(
        Path functionArtifact,
        Optional<String> account,
        Optional<String> region,
        Optional<String> tableName,
        List<String> replicaRegions,
        TableKey tableKey,
        Map<String, String> replicaKeyArns,
        int logRetentionDays,
        int repairRateMinutes,
        UserPoolChoice userPool,
        double throttleRate,
        int throttleBurst,
        boolean apiKeyRequired,
        boolean waf,
        int backupDailyRetentionDays,
        int backupWeeklyRetentionDays,
        Optional<String> backupCopyVaultArn,
        Optional<Integer> maxBodyBytes,
        Optional<String> alarmEmail) {

    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;
    public static final int DEFAULT_REPAIR_RATE_MINUTES = 60;
    /** The repair function's timeout, so that sweeps never overlap. */
    public static final int MIN_REPAIR_RATE_MINUTES = 5;
    public static final double DEFAULT_THROTTLE_RATE = 100;
    public static final int DEFAULT_THROTTLE_BURST = 200;
    public static final int DEFAULT_BACKUP_DAILY_RETENTION_DAYS = 35;
    public static final int DEFAULT_BACKUP_WEEKLY_RETENTION_DAYS = 90;

    /** DynamoDB's rule for table names. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern VAULT_ARN =
            Pattern.compile("arn:aws[a-z-]*:backup:[a-z0-9-]+:\\d{12}:backup-vault:[A-Za-z0-9_.-]+");

    /** How the table is encrypted at rest. */
    public sealed interface TableKey {
        /** DynamoDB's own key (the default; no charge, no key policy to manage). */
        record DynamoOwned() implements TableKey {}

        /** A customer-managed key created by the stack, with rotation, retained on delete. */
        record Created() implements TableKey {}

        /** An existing customer-managed key. */
        record Existing(String keyArn) implements TableKey {
            public Existing {
                if (!KEY_ARN.matcher(Objects.requireNonNull(keyArn, "keyArn")).matches()) {
                    throw new IllegalArgumentException("kmsKey must be true, false or a KMS key ARN, got: " + keyArn);
                }
            }
        }
    }

    /** The Cognito user pool the authorizer trusts. */
    public sealed interface UserPoolChoice {
        /** The stack creates a pool and an app client. */
        record Created() implements UserPoolChoice {}

        /** An existing pool and app client. */
        record Imported(String userPoolId, String userPoolClientId) implements UserPoolChoice {
            public Imported {
                requireText(userPoolId, "userPoolId");
                requireText(userPoolClientId, "userPoolClientId");
            }
        }
    }

    public InfraSettings {
        Objects.requireNonNull(functionArtifact, "functionArtifact");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(tableName, "tableName");
        replicaRegions = List.copyOf(replicaRegions);
        Objects.requireNonNull(tableKey, "tableKey");
        replicaKeyArns = Map.copyOf(replicaKeyArns);
        Objects.requireNonNull(userPool, "userPool");
        Objects.requireNonNull(backupCopyVaultArn, "backupCopyVaultArn");
        Objects.requireNonNull(maxBodyBytes, "maxBodyBytes");
        Objects.requireNonNull(alarmEmail, "alarmEmail");

        if (tableName.isPresent()) {
            if (!TABLE_NAME.matcher(tableName.get()).matches()) {
                throw new IllegalArgumentException("tableName must be 3 to 255 characters of A-Z, a-z, 0-9, "
                        + "'_', '-' and '.', got: " + tableName.get());
            }
            List<String> createdOnly = new ArrayList<>();
            if (!replicaRegions.isEmpty()) {
                createdOnly.add("replicaRegions");
            }
            if (!(tableKey instanceof TableKey.DynamoOwned)) {
                createdOnly.add("kmsKey");
            }
            if (!replicaKeyArns.isEmpty()) {
                createdOnly.add("replicaKeyArns");
            }
            if (!createdOnly.isEmpty()) {
                throw new IllegalArgumentException("tableName uses an existing table: drop " + String.join(", ",
                        createdOnly) + " (options for a table the stack creates), or drop tableName");
            }
        }
        for (String replica : replicaRegions) {
            if (!REGION.matcher(replica).matches()) {
                throw new IllegalArgumentException("replicaRegions: not a region name: " + replica);
            }
        }
        if (!replicaRegions.isEmpty() && region.isEmpty()) {
            throw new IllegalArgumentException("replicaRegions needs the primary region: pass -c region=... "
                    + "(and -c account=...); replicas cannot be placed from an environment-agnostic stack");
        }
        if (region.isPresent() && replicaRegions.contains(region.get())) {
            throw new IllegalArgumentException("replicaRegions must not contain the stack's own region " + region.get());
        }
        if (!(tableKey instanceof TableKey.DynamoOwned) && region.isEmpty()) {
            throw new IllegalArgumentException("kmsKey needs the stack's region: pass -c region=... (and "
                    + "-c account=...); a customer-managed table key cannot be set from an environment-agnostic stack");
        }
        if (!(tableKey instanceof TableKey.DynamoOwned)) {
            for (String replica : replicaRegions) {
                if (!replicaKeyArns.containsKey(replica)) {
                    throw new IllegalArgumentException("a customer-managed table key needs a key in every replica "
                            + "region: add " + replica + "=<key arn> to replicaKeyArns");
                }
            }
        }
        for (Map.Entry<String, String> replicaKey : replicaKeyArns.entrySet()) {
            if (!replicaRegions.contains(replicaKey.getKey())) {
                throw new IllegalArgumentException(
                        "replicaKeyArns names " + replicaKey.getKey() + ", which is not a replica region");
            }
            if (!KEY_ARN.matcher(replicaKey.getValue()).matches()) {
                throw new IllegalArgumentException("replicaKeyArns: not a KMS key ARN: " + replicaKey.getValue());
            }
        }
        if (LogRetention.of(logRetentionDays).isEmpty()) {
            throw new IllegalArgumentException("logRetentionDays must be one of " + LogRetention.allowedDays()
                    + ", got " + logRetentionDays);
        }
        if (repairRateMinutes < MIN_REPAIR_RATE_MINUTES) {
            throw new IllegalArgumentException("repairRateMinutes must be at least " + MIN_REPAIR_RATE_MINUTES
                    + " (the sweep's timeout), got " + repairRateMinutes);
        }
        if (!(throttleRate > 0) || throttleBurst < 1) {
            throw new IllegalArgumentException("throttleRate and throttleBurst must be positive");
        }
        if (backupDailyRetentionDays < 1 || backupWeeklyRetentionDays < 1) {
            throw new IllegalArgumentException("backup retention must be at least one day");
        }
        backupCopyVaultArn.ifPresent(arn -> {
            if (!VAULT_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("backupCopyVaultArn is not a backup vault ARN: " + arn);
            }
        });
        maxBodyBytes.ifPresent(max -> {
            if (max < 1 || max > 6 * 1024 * 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1 and 6 MiB (Lambda's payload limit)");
            }
        });
    }

    /** The settings that {@code node}'s context asks for; the rest are defaults. */
    public static InfraSettings fromContext(Node node, Path functionArtifact) {
        Context context = new Context(node);
        Optional<String> userPoolId = context.text("userPoolId");
        Optional<String> userPoolClientId = context.text("userPoolClientId");
        UserPoolChoice userPool;
        if (userPoolId.isEmpty() && userPoolClientId.isEmpty()) {
            userPool = new UserPoolChoice.Created();
        } else if (userPoolId.isPresent() && userPoolClientId.isPresent()) {
            userPool = new UserPoolChoice.Imported(userPoolId.get(), userPoolClientId.get());
        } else {
            throw new IllegalArgumentException("userPoolId and userPoolClientId go together: give both or neither");
        }
        return new InfraSettings(
                context.text("functionArtifact").map(Path::of).orElse(functionArtifact),
                context.text("account"),
                context.text("region"),
                context.text("tableName"),
                context.list("replicaRegions"),
                context.text("kmsKey").map(InfraSettings::tableKey).orElse(new TableKey.DynamoOwned()),
                context.pairs("replicaKeyArns"),
                context.integer("logRetentionDays").orElse(DEFAULT_LOG_RETENTION_DAYS),
                context.integer("repairRateMinutes").orElse(DEFAULT_REPAIR_RATE_MINUTES),
                userPool,
                context.number("throttleRate").orElse(DEFAULT_THROTTLE_RATE),
                context.integer("throttleBurst").orElse(DEFAULT_THROTTLE_BURST),
                context.bool("apiKeyRequired").orElse(true),
                context.bool("waf").orElse(false),
                context.integer("backupDailyRetentionDays").orElse(DEFAULT_BACKUP_DAILY_RETENTION_DAYS),
                context.integer("backupWeeklyRetentionDays").orElse(DEFAULT_BACKUP_WEEKLY_RETENTION_DAYS),
                context.text("backupCopyVaultArn"),
                context.integer("maxBodyBytes"),
                context.text("alarmEmail"));
    }

    /** Fails with the command that builds it when the deployment artifact is missing. */
    public InfraSettings requireArtifact() {
        if (!Files.exists(functionArtifact)) {
            throw new IllegalStateException("the Lambda artifact " + functionArtifact + " does not exist: run "
                    + "./mvnw package in the repository root first (it builds lambda/target/metadata-manager-lambda.jar)");
        }
        return this;
    }

    private static TableKey tableKey(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "false" -> new TableKey.DynamoOwned();
            case "true" -> new TableKey.Created();
            default -> new TableKey.Existing(value);
        };
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Context values arrive as strings ({@code -c}) or JSON values ({@code cdk.json}); both read the same. */
    private record Context(Node node) {
        Optional<String> text(String key) {
            return Optional.ofNullable(node.tryGetContext(key)).map(String::valueOf).map(String::strip)
                    .filter(s -> !s.isEmpty());
        }

        Optional<Integer> integer(String key) {
            return parse(key, Integer::valueOf, "a whole number");
        }

        Optional<Double> number(String key) {
            return parse(key, Double::valueOf, "a number");
        }

        Optional<Boolean> bool(String key) {
            return parse(key, value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(value);
            }, "true or false");
        }

        List<String> list(String key) {
            return text(key).map(value -> Arrays.stream(value.split(","))
                            .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList())
                    .orElse(List.of());
        }

        Map<String, String> pairs(String key) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (String entry : list(key)) {
                int eq = entry.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException(key + " takes region=value pairs, got: " + entry);
                }
                pairs.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
            }
            return pairs;
        }

        private <T> Optional<T> parse(String key, Function<String, T> parser, String expected) {
            return text(key).map(value -> {
                try {
                    // JSON numbers from cdk.json arrive as doubles ("60.0"); accept them when whole.
                    String plain = value.endsWith(".0") && expected.startsWith("a whole")
                            ? value.substring(0, value.length() - 2) : value;
                    return parser.apply(plain);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("context " + key + " must be " + expected + ", got: " + value, e);
                }
            });
        }
    }
}
