package io.metadatamanager.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraAppTest {

    @Test
    void synth_writesTheCloudFormationTemplateToTheOutputDirectory(@TempDir Path out) throws IOException {
        InfraApp.synth(InfraApp.Arguments.parse(new String[] {
            "--out", out.toString(), "-c", "functionArtifact=" + Synthesized.artifact(), "-c", "throttleRate=42"}));

        Path template = out.resolve(InfraApp.STACK_ID + ".template.json");
        assertThat(template).isRegularFile();
        JsonNode json = Synthesized.parse(Files.readString(template));
        assertThat(json.path("Resources").size()).isGreaterThan(50);
        assertThat(json.toString()).contains("\"ThrottlingRateLimit\":42");
        assertThat(out.resolve("manifest.json")).isRegularFile();
    }

    @Test
    void arguments_takeAnOutputDirectoryAndContextPairs() {
        InfraApp.Arguments arguments = InfraApp.Arguments.parse(
                new String[] {"-c", "waf=true", "--out", "build/out", "--context", "kmsKey=arn:aws:kms:x=y"});
        assertThat(arguments.out()).contains(Path.of("build/out").toAbsolutePath());
        assertThat(arguments.context()).containsEntry("waf", "true").containsEntry("kmsKey", "arn:aws:kms:x=y");
    }

    @Test
    void arguments_refuseWhatTheyDoNotKnow() {
        assertThatThrownBy(() -> InfraApp.Arguments.parse(new String[] {"deploy"}))
                .hasMessageContaining("unknown argument deploy");
        assertThatThrownBy(() -> InfraApp.Arguments.parse(new String[] {"--out"}))
                .hasMessageContaining("--out needs a value");
        assertThatThrownBy(() -> InfraApp.Arguments.parse(new String[] {"-c", "waf"}))
                .hasMessageContaining("takes key=value");
    }

    @Test
    void featureFlags_areTheRecommendedOnesForThisCdkVersion() {
        assertThat(InfraApp.featureFlags())
                .containsEntry("@aws-cdk/aws-dynamodb:retainTableReplica", true)
                .containsEntry("@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId", true)
                .containsEntry("@aws-cdk/aws-iam:minimizePolicies", true);
    }

    @Test
    void defaultStack_synthesizesWithoutWarningsOrErrors() {
        Synthesized synth = Synthesized.defaults();
        synth.annotations().hasNoWarning("*", software.amazon.awscdk.assertions.Match.anyValue());
        synth.annotations().hasNoError("*", software.amazon.awscdk.assertions.Match.anyValue());
    }

    @Test
    void defaultStack_isEnvironmentAgnostic() {
        Synthesized synth = Synthesized.defaults();
        assertThat(synth.stack.getRegion()).startsWith("${Token[");
        assertThat(synth.stack.getAccount()).startsWith("${Token[");
    }
}
