package dev.ferret.respond.windows;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.Step;

import java.util.List;
import java.util.Set;

/** A mechanism without a response of its own (Winlogon, AppInit, unknown kinds): reviewed by hand. */
final class ManualResponse implements WindowsPersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.OTHER;
    }

    @Override
    public List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        return List.of(review(e, o));
    }

    static Step review(PersistenceEntry e, Origin o) {
        return WindowsSteps.notice(o, "review the " + e.kind() + " entry " + e.location() + " by hand: " + o.reason());
    }
}
