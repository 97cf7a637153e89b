package dev.ferret.respond.apply;

import dev.ferret.respond.plan.StepKind;

import java.util.List;
import java.util.Locale;

/**
 * What became of one step (or of an action a step led to, such as stopping a child that appeared after the plan:
 * its id is the step's with a suffix, "s3.1").
 *
 * @param details facts worth keeping: hashes, the undo record, the command output
 */
public record Outcome(String stepId, StepKind kind, String action, String target, Status status, String message,
                      List<String> details) {
    /** Results; only FAILED makes a run incomplete. */
    public enum Status {
        /** Carried out now. */
        DONE,
        /** Nothing to do: done by an earlier run, or the process already gone. */
        ALREADY_DONE,
        /** Tried and failed; the message says why and what was and was not done. */
        FAILED,
        /** Not attempted: ferret refuses it (protected process or file), with the reason. */
        REFUSED,
        /** Not attempted: its target is not there any more, or an earlier failure made it unsafe. */
        SKIPPED,
        /** Printed for the responder, not executed (no firewall tool, a domain, a Windows step). */
        MANUAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Outcome {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static Outcome of(String stepId, StepKind kind, String action, String target, Status status, String message) {
        return new Outcome(stepId, kind, action, target, status, message, List.of());
    }

    public Outcome withDetails(List<String> more) {
        return new Outcome(stepId, kind, action, target, status, message, more);
    }
}
