package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Why;

import java.util.List;

/** A mechanism without a response of its own: its line is removed when it is one, else it is reviewed by hand. */
final class OtherResponse implements PersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.OTHER;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        if (PersistenceResponse.oneLine(e)) {
            items.edit(e.path(), e.kind(), false, new ExpectedLine(e.line(), PersistenceResponse.command(e),
                    ExpectedLine.Match.CONTAINS), null, chains, f);
        } else {
            items.notice("review " + e.path() + " (" + e.kind() + ") by hand: " + Why.of(f), chains, f);
        }
    }
}
