package dev.ferret.respond.plan;

import java.util.List;

/**
 * One step of a response plan.
 *
 * @param id         "s1", "s2"... in execution order
 * @param chains     the finding chains the step serves
 * @param rules      the rule ids of the findings behind it
 * @param reason     why, in words a responder can check
 * @param target     what it acts on
 * @param shell      the equivalent shell command (Linux) or cmd.exe line (Windows), for the record and for doing
 *                   it by hand
 * @param powershell the PowerShell equivalent (Windows plans), else null
 * @param refusal    why ferret will not do this step, or null
 * @param manual     true when ferret only prints the step (nothing to execute here)
 */
public record Step(String id, StepKind kind, List<String> chains, List<String> rules, String reason, String target,
                   String shell, String powershell, String refusal, boolean manual, Action action) {
    public Step {
        chains = List.copyOf(chains);
        rules = List.copyOf(rules);
    }

    public boolean refused() {
        return refusal != null;
    }

    /** True when applying the plan executes this step. */
    public boolean executable() {
        return refusal == null && !manual;
    }

    public Step withId(String value) {
        return new Step(value, kind, chains, rules, reason, target, shell, powershell, refusal, manual, action);
    }
}
