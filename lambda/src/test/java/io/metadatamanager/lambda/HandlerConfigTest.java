package io.metadatamanager.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerConfigTest {
    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    @Test
    void fromEnvironment_onLambda_usesAwsWithDefaults() {
        HandlerConfig config = HandlerConfig.fromEnvironment(env(
                "TABLE_NAME", "metadata-table", "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "from-the-role"));

        assertThat(config.tableName()).isEqualTo("metadata-table");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.localCredentials()).isFalse();
        assertThat(config.maxBodyBytes()).isEqualTo(256 * 1024);
        assertThat(config.cursorKey()).isEmpty();
    }

    @Test
    void fromEnvironment_requiresATableName() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(env("AWS_REGION", "eu-west-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TABLE_NAME");
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(env("TABLE_NAME", " ", "AWS_REGION", "eu-west-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TABLE_NAME");
    }

    @Test
    void fromEnvironment_requiresARegion_forAws() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(env("TABLE_NAME", "t")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void fromEnvironment_fallsBackToAwsDefaultRegion() {
        HandlerConfig config = HandlerConfig.fromEnvironment(env("TABLE_NAME", "t", "AWS_DEFAULT_REGION", "us-west-2"));

        assertThat(config.region()).isEqualTo("us-west-2");
    }

    @Test
    void fromEnvironment_treatsABlankRegionAsUnset() {
        HandlerConfig config = HandlerConfig.fromEnvironment(
                env("TABLE_NAME", "t", "AWS_REGION", "", "AWS_DEFAULT_REGION", "us-west-2"));

        assertThat(config.region()).isEqualTo("us-west-2");
    }

    @Test
    void fromEnvironment_withALocalEndpointAndNoCredentials_usesLocalCredentialsAndADefaultRegion() {
        HandlerConfig config = HandlerConfig.fromEnvironment(
                env("TABLE_NAME", "t", "DYNAMODB_ENDPOINT", "http://127.0.0.1:4567"));

        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(config.localCredentials()).isTrue();
        assertThat(config.region()).isEqualTo("us-east-1");
    }

    @Test
    void fromEnvironment_withALocalEndpointAndCredentials_usesTheCredentials() {
        HandlerConfig config = HandlerConfig.fromEnvironment(env("TABLE_NAME", "t",
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:4567", "AWS_ACCESS_KEY_ID", "key"));

        assertThat(config.localCredentials()).isFalse();
    }

    @Test
    void fromEnvironment_ignoresABlankEndpoint() {
        HandlerConfig config = HandlerConfig.fromEnvironment(
                env("TABLE_NAME", "t", "AWS_REGION", "eu-west-1", "DYNAMODB_ENDPOINT", " "));

        assertThat(config.endpoint()).isEmpty();
    }

    @Test
    void fromEnvironment_readsMaxBodyBytes() {
        HandlerConfig config = HandlerConfig.fromEnvironment(
                env("TABLE_NAME", "t", "AWS_REGION", "eu-west-1", "MAX_BODY_BYTES", "2048"));

        assertThat(config.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void fromEnvironment_refusesANonPositiveMaxBodyBytes() {
        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(
                env("TABLE_NAME", "t", "AWS_REGION", "eu-west-1", "MAX_BODY_BYTES", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAX_BODY_BYTES");
    }

    @Test
    void fromEnvironment_decodesTheCursorSecret() {
        byte[] key = new byte[32];
        key[0] = 42;

        HandlerConfig config = HandlerConfig.fromEnvironment(env("TABLE_NAME", "t", "AWS_REGION", "eu-west-1",
                "CURSOR_SECRET", " " + Base64.getEncoder().encodeToString(key) + "\n"));

        assertThat(config.cursorKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(key));
    }

    @Test
    void fromEnvironment_refusesACursorSecretShorterThan32Bytes() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatThrownBy(() -> HandlerConfig.fromEnvironment(
                env("TABLE_NAME", "t", "AWS_REGION", "eu-west-1", "CURSOR_SECRET", shortKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CURSOR_SECRET");
    }
}
