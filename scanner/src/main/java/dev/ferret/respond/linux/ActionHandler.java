package dev.ferret.respond.linux;

import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.plan.Step;

import java.io.IOException;

/** Carries out one kind of {@link dev.ferret.respond.plan.Action} on Linux. */
interface ActionHandler {
    Outcome execute(Step step) throws IOException;
}
