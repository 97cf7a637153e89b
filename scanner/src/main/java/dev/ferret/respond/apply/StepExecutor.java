package dev.ferret.respond.apply;

import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.util.List;

/** Carries out the steps of one platform; the {@link Applier} decides order, refusals and the audit. */
public interface StepExecutor {
    /** Runs once before the first step (e.g. to learn which executables the plan will quarantine). */
    default void begin(Plan plan) {
    }

    /** Executes one step. Never throws: failures are outcomes. */
    Outcome execute(Step step);

    /**
     * Called after the last step of a kind: processes that appeared meanwhile (a child forked just before its
     * parent stopped, a copy restarted by cron) are handled here and reported as extra outcomes.
     */
    default List<Outcome> settle(StepKind finished, List<Step> steps) {
        return List.of();
    }
}
