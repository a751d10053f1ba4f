package io.metadatamanager.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * An optional WAF web ACL on the stage: AWS's IP reputation and known-bad-inputs rule groups, and a rule that
 * blocks request bodies too large for Lambda.
 *
 * <p>The size rule reads {@code Content-Length}: WAF inspects at most the first 8-64 KB of a body, so a size
 * constraint on the body itself cannot see 6 MB. Lambda takes at most 6 MB per synchronous invocation (API
 * Gateway REST allows 10 MB), so anything from 6,000,000 bytes on would fail in the integration anyway; blocking
 * it at the edge keeps it off the function's bill and out of its error metrics.
 */
final class ApiFirewall extends Construct {
    /** Content-Length values of 6,000,000 or more. */
    static final String OVERSIZED_CONTENT_LENGTH = "^(?:[6-9][0-9]{6}|[1-9][0-9]{7,})$";

    private final CfnWebACL webAcl;

    ApiFirewall(Construct scope, String id, String stageArn) {
        super(scope, id);
        this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .scope("REGIONAL")
                .description("Metadata Manager API")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility(Stack.of(this).getStackName() + "-api"))
                .rules(List.of(
                        managedRuleGroup("AWSManagedRulesAmazonIpReputationList", 10),
                        managedRuleGroup("AWSManagedRulesKnownBadInputsRuleSet", 20),
                        bodyTooLarge(30)))
                .build();
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(stageArn)
                .webAclArn(webAcl.getAttrArn())
                .build();
    }

    CfnWebACL webAcl() {
        return webAcl;
    }

    private static CfnWebACL.RuleProperty managedRuleGroup(String name, int priority) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                        .none(Map.of())
                        .build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS")
                                .name(name)
                                .build())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.RuleProperty bodyTooLarge(int priority) {
        return CfnWebACL.RuleProperty.builder()
                .name("BodyTooLargeForLambda")
                .priority(priority)
                .action(CfnWebACL.RuleActionProperty.builder()
                        // API Gateway answers blocked requests with its WAF_FILTERED response (problem+json)
                        .block(CfnWebACL.BlockActionProperty.builder().build())
                        .build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .regexMatchStatement(CfnWebACL.RegexMatchStatementProperty.builder()
                                .regexString(OVERSIZED_CONTENT_LENGTH)
                                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                        .singleHeader(Map.of("Name", "content-length"))
                                        .build())
                                .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder()
                                        .priority(0)
                                        .type("NONE")
                                        .build()))
                                .build())
                        .build())
                .visibilityConfig(visibility("BodyTooLargeForLambda"))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .metricName(metricName)
                .build();
    }
}
