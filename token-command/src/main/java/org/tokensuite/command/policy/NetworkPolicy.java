package org.tokensuite.command.policy;

import org.tokensuite.api.value.Cidr;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.util.List;

/** Limits on the networks a token may be used from (the CIDR grammar itself lives in {@link Cidr}). */
public class NetworkPolicy {

    private final int maxCidrs;

    public NetworkPolicy(int maxCidrs) {
        this.maxCidrs = maxCidrs;
    }

    public void check(List<Cidr> allowedCidrs) {
        if (allowedCidrs == null) {
            return;
        }
        if (allowedCidrs.size() > maxCidrs) {
            throw new TokenRuleViolation("allowedCidrs may hold at most " + maxCidrs + " networks");
        }
        if (allowedCidrs.stream().anyMatch(c -> c == null)) {
            throw new TokenRuleViolation("allowedCidrs must not contain null");
        }
    }
}
