package dev.ferret.respond.plan;

import dev.ferret.model.Finding;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where a step comes from: the chains and rules behind it, and the first reason given. */
public final class Origin {
    private final Set<String> chains = new LinkedHashSet<>();
    private final Set<String> rules = new LinkedHashSet<>();
    private String reason;

    /** Adds a finding (or, with null, only the group's chains) and keeps the first reason. */
    public Origin add(List<String> groupChains, Finding f, String why) {
        if (f != null && f.chain() != null) {
            chains.add(f.chain());
        } else {
            chains.addAll(groupChains);
        }
        if (f != null) {
            rules.add(f.ruleId());
        }
        if (reason == null) {
            reason = why;
        }
        return this;
    }

    /** A copy with the same chains, rules and reason. */
    public Origin copy() {
        Origin o = new Origin();
        o.chains.addAll(chains);
        o.rules.addAll(rules);
        o.reason = reason;
        return o;
    }

    public List<String> chains() {
        return List.copyOf(chains);
    }

    public List<String> rules() {
        return List.copyOf(rules);
    }

    public String reason() {
        return reason;
    }

    /** A step from this origin. */
    public Step step(StepKind kind, String reason, String target, String shell, String powershell, String refusal,
                     boolean manual, Action action) {
        return new Step("", kind, chains(), rules(), reason, target, shell, powershell, refusal, manual, action);
    }
}
